/**
 * The narrow SQL surface the adapters use: parameterised statements only. Keeps TypeORM (and the
 * embedded/server difference) behind one seam.
 */
export interface SqlSession {
  /** Runs one parameterised statement and returns its rows (an empty list for statements without RETURNING). */
  query<Row extends object>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface SqlDatabase extends SqlSession {
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws. Inside `work`
   * use only `tx`: in the embedded shape the database is held for the whole transaction, so a call on the
   * database itself would wait for it forever.
   */
  transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
