import type Dockerode from 'dockerode';
import type { BoundPorts, WaitStrategy } from 'testcontainers';

/**
 * The startup-timeout half of testcontainers' WaitStrategy, which its own AbstractWaitStrategy holds but
 * does not export: the harness's waits (the service answering HTTP, PostgreSQL answering SQL) add only
 * how they wait.
 */
export abstract class TimedWaitStrategy implements WaitStrategy {
  protected timeoutMs = 120_000;
  private timeoutSet = false;

  abstract waitUntilReady(container: Dockerode.Container, boundPorts: BoundPorts): Promise<void>;

  withStartupTimeout(startupTimeoutMs: number): this {
    this.timeoutMs = startupTimeoutMs;
    this.timeoutSet = true;
    return this;
  }

  isStartupTimeoutSet(): boolean {
    return this.timeoutSet;
  }

  getStartupTimeout(): number {
    return this.timeoutMs;
  }
}
