/**
 * The engine's clock. Controlled like Camunda's (`zeebe.clock.controlled`): a test pins it to a
 * point in time and timers that are due by then fire, so a 30-day timer needs no waiting.
 */
export class EngineClock {
  private pinned: number | null = null;
  private readonly listeners: (() => void)[] = [];
  /** The last ISO text made, and its instant: records written within one millisecond share it. */
  private lastIso = '';
  private lastIsoMs = NaN;

  constructor(readonly controllable: boolean) {}

  now(): number {
    return this.pinned ?? Date.now();
  }

  nowIso(): string {
    const now = this.now();
    if (now !== this.lastIsoMs) {
      this.lastIsoMs = now;
      this.lastIso = new Date(now).toISOString();
    }
    return this.lastIso;
  }

  pin(epochMs: number): void {
    this.pinned = epochMs;
    this.changed();
  }

  reset(): void {
    this.pinned = null;
    this.changed();
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
