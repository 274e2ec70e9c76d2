/** One GS1 Application Identifier with its (decoded) value, e.g. `{ ai: '10', value: 'LOT-7' }`. */
export interface Gs1Element {
  readonly ai: string;
  readonly value: string;
}
