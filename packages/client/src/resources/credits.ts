import { execute, type CallOptions, type Runtime } from '../core/http/execute';
import { credits } from '../core/operations';
import type { Credits } from '../core/credits/schema';

/** The account's credits. */
export class CreditsResource {
  constructor(private readonly runtime: Runtime) {}

  /** The balance (`total_remaining_credits`) and each credit pack; also a cheap token check. */
  get(options?: CallOptions): Promise<Credits> {
    return execute(credits, undefined, this.runtime, options);
  }
}
