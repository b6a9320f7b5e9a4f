import type { Context } from '../context';

/** One `dqcv` command: its name, a one-line summary, its full help, and what it does. */
export interface Command {
  name: string;
  summary: string;
  help: string;
  run(argv: string[], ctx: Context): Promise<number>;
}
