/** A stand-in for process.stdout/stderr that keeps what the CLI writes. */

/** A non-TTY writable stream whose output accumulates in {@link text}. */
export class Capture {
  text = '';
  isTTY = false;
  write(s: string): boolean {
    this.text += s;
    return true;
  }
}
