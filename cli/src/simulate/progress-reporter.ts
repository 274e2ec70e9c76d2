export interface ProgressState {
  readonly sent: number;
  readonly total: number;
  readonly accepted: number;
  readonly rejected: number;
}

export interface ProgressReporter {
  update(state: ProgressState): void;
  finish(state: ProgressState): void;
}

const BAR_WIDTH = 30;

function line(state: ProgressState): string {
  return `${String(state.sent)}/${String(state.total)} events sent, ${String(state.accepted)} accepted, ${String(state.rejected)} rejected`;
}

/**
 * Progress on stderr: a bar redrawn in place on a terminal; otherwise (CI logs, pipes) a plain line
 * at every tenth of the way, so logs stay readable.
 */
export function progressReporter(write: (text: string) => void, isTty: boolean): ProgressReporter {
  let lastTenth = -1;
  let lastDraw = '';
  return {
    update(state) {
      const share = state.total === 0 ? 1 : state.sent / state.total;
      if (isTty) {
        const filled = Math.round(share * BAR_WIDTH);
        const draw = `\r[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(share * 100)).padStart(3)}% ${line(state)}`;
        if (draw !== lastDraw) write(draw);
        lastDraw = draw;
        return;
      }
      const tenth = Math.floor(share * 10);
      if (tenth !== lastTenth) write(`simulate: ${line(state)}\n`);
      lastTenth = tenth;
    },
    finish(state) {
      if (isTty) write(`\r[${'#'.repeat(BAR_WIDTH)}] 100% ${line(state)}\n`);
      else write(`simulate: done, ${line(state)}\n`);
    },
  };
}

export const silentProgress: ProgressReporter = { update: () => undefined, finish: () => undefined };
