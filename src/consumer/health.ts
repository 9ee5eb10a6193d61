// Connection state of both sides, fed by kafkajs events and MongoDB pings/writes; read by /health and the
// cdc_*_connected gauges. Pure apart from the injected clock.
export interface Health {
  ok: boolean;
  kafka: { connected: boolean; reason?: string };
  mongo: { connected: boolean; reason?: string };
}

export class ConnectionState {
  private kafkaRunning = false;
  private kafkaLastOkMs = -Infinity;
  private kafkaReason = 'consumer not started';
  private mongoOk = false;
  private mongoReason = 'not connected yet';
  private mongoBack = new AbortController();

  constructor(
    private readonly kafkaLivenessMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A fetch, heartbeat, join or commit succeeded. */
  kafkaAlive(): void {
    this.kafkaRunning = true;
    this.kafkaLastOkMs = this.now();
  }

  kafkaDown(reason: string): void {
    this.kafkaRunning = false;
    this.kafkaReason = reason;
  }

  mongoUp(): void {
    if (!this.mongoOk) this.mongoBack.abort();
    this.mongoOk = true;
  }

  mongoDown(reason: string): void {
    if (this.mongoOk) this.mongoBack = new AbortController();
    this.mongoOk = false;
    this.mongoReason = reason;
  }

  /** Aborts when MongoDB is seen up again (a ping succeeded), so a write backoff can end early. */
  mongoRecovered(): AbortSignal {
    return this.mongoBack.signal;
  }

  kafkaConnected(): boolean {
    return this.kafkaRunning && this.now() - this.kafkaLastOkMs <= this.kafkaLivenessMs;
  }

  mongoConnected(): boolean {
    return this.mongoOk;
  }

  health(): Health {
    const k = this.kafkaConnected();
    const m = this.mongoOk;
    const kafkaReason = this.kafkaRunning
      ? `no successful fetch or heartbeat for ${Math.round((this.now() - this.kafkaLastOkMs) / 1000)} s`
      : this.kafkaReason;
    return {
      ok: k && m,
      kafka: k ? { connected: true } : { connected: false, reason: kafkaReason },
      mongo: m ? { connected: true } : { connected: false, reason: this.mongoReason },
    };
  }
}
