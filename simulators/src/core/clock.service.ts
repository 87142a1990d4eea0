import { Injectable } from '@nestjs/common';

/**
 * The simulators' notion of "now". Tests can move it forward through the control API (`POST /_control/clock`) to
 * expire authorization codes or reach a promotion window without waiting. Webhook signatures always use the
 * real time, because the receiving side checks it against its own clock.
 */
@Injectable()
export class ClockService {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  setOffset(ms: number): void {
    this.offsetMs = ms;
  }

  offset(): number {
    return this.offsetMs;
  }
}
