/**
 * A one-line progress display on stderr, redrawn in place. Silent when
 * stderr is not a terminal (cron, pipes, log collectors) or when quiet.
 */
export class ProgressLine {
  private readonly parts = new Map<string, string>();
  private readonly enabled: boolean;
  private lastDraw = 0;

  constructor(
    quiet: boolean,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.enabled = !quiet && stream.isTTY === true;
  }

  update(label: string, text: string): void {
    if (!this.enabled) return;
    this.parts.set(label, text);
    const now = Date.now();
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.draw();
  }

  done(): void {
    if (!this.enabled || this.parts.size === 0) return;
    this.draw();
    this.stream.write('\n');
  }

  private draw(): void {
    const line = [...this.parts].map(([label, text]) => `${label}: ${text}`).join(' · ');
    this.stream.write(`\r${line.slice(0, (this.stream.columns || 120) - 1)}\x1b[K`);
  }
}
