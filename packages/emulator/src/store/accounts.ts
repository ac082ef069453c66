import { formatMicros, nowMicros } from '../clock';
import type { Plan } from '../config';
import { PLANS } from '../config';
import { fixedId, newId, newToken, sha256Hex } from '../ids';

/** One row of `GET /v1/credits`: a batch of credits of one type. */
export interface CreditRow {
  id: string;
  remaining_amount: number;
  expires_at: string;
  type: { id: string; name: string; amount: number; description: string };
}

/** A user with one API token. */
export interface Account {
  userId: string;
  token: string;
  plan: Plan;
  username: string;
  /** `sha256(user_id)`: the prefix of the user's uploads and the `identifier` in outputs. */
  identifier: string;
  credits: CreditRow[];
  /** A banned user: creates and upscales get `403 user_banned`, uploads `403 Forbidden`. */
  banned: boolean;
}

/** What `createAccount` accepts. */
export interface AccountOptions {
  credits?: number;
  plan?: Plan;
  /** A fixed token (demo accounts); must look like a real one (`sc-` + 64 hex). */
  token?: string;
  username?: string;
  /** Start banned (see `Account.banned`). */
  banned?: boolean;
}

const FAR_FUTURE = Date.UTC(2100, 0, 1) * 1000;

const CREDIT_TYPES: Record<Plan | 'refund' | 'refundNonFree', CreditRow['type']> = {
  // Free, Refund and Refund Non-free: ids, names and descriptions of sc-go database/repository/credit_type.go.
  free: { id: '3b12b23e-478b-4c18-8e34-70b3f0af1ee6', name: 'Free', amount: 50, description: '' },
  starter: { id: 'a4ac3d5e-7b51-4f5e-8f0e-2b3a6c9e1d02', name: 'Starter', amount: 1000, description: 'Starter subscription credits' },
  pro: { id: 'a4ac3d5e-7b51-4f5e-8f0e-2b3a6c9e1d03', name: 'Pro', amount: 3000, description: 'Pro subscription credits' },
  ultimate: { id: 'a4ac3d5e-7b51-4f5e-8f0e-2b3a6c9e1d04', name: 'Ultimate', amount: 10000, description: 'Ultimate subscription credits' },
  refund: { id: '7ca94fd6-c201-4ca6-a9bf-4473c83e30b4', name: 'Refund', amount: 0, description: 'For generate/upscale failure refunds' },
  refundNonFree: { id: '6d86f50a-64d7-4d04-8c7a-a4afa071c202', name: 'Refund Non-free', amount: 0, description: 'For generate/upscale failure refunds, for paid/gift credits' },
};

/** sc-go `credit_mutations.go` `NEVER_EXPIRE`: refund rows expire 2100-01-01T05:00:00Z. */
const NEVER_EXPIRE = Date.UTC(2100, 0, 1, 5) * 1000;

export const TOKEN_FORMAT = /^sc-[0-9a-f]{64}$/;

/** Accounts by token and by id, with their credit rows. */
export class Accounts {
  private readonly byTokenMap = new Map<string, Account>();
  private readonly byIdMap = new Map<string, Account>();

  create(options: AccountOptions = {}): Account {
    const plan = options.plan ?? 'free';
    if (!PLANS.includes(plan)) throw new TypeError(`plan must be one of ${PLANS.join(', ')}`);
    const token = options.token ?? newToken();
    if (!TOKEN_FORMAT.test(token)) throw new TypeError('token must be "sc-" followed by 64 lower-case hex digits');
    if (this.byTokenMap.has(token)) throw new TypeError('an account with this token already exists');
    const userId = options.token ? fixedId(options.token) : newId();
    const account: Account = {
      userId,
      token,
      plan,
      username: options.username ?? `user-${userId.slice(0, 8)}`,
      identifier: sha256Hex(userId),
      credits: [],
      banned: Boolean(options.banned),
    };
    this.setCredits(account, options.credits ?? 100);
    this.byTokenMap.set(token, account);
    this.byIdMap.set(userId, account);
    return account;
  }

  byToken(token: string): Account | undefined {
    return this.byTokenMap.get(token);
  }

  byId(userId: string): Account | undefined {
    return this.byIdMap.get(userId);
  }

  /** The account of a token, or a TypeError naming the problem (for the control surface). */
  require(token: string): Account {
    const account = this.byTokenMap.get(token);
    if (!account) throw new TypeError('no account has this token');
    return account;
  }

  /** Replaces every credit row with one row of the plan's type holding `amount`. */
  setCredits(account: Account, amount: number): void {
    if (!Number.isInteger(amount) || amount < 0) throw new TypeError('credits must be an integer >= 0');
    account.credits = [this.row(CREDIT_TYPES[account.plan], amount)];
  }

  total(account: Account): number {
    return account.credits.reduce((sum, row) => sum + row.remaining_amount, 0);
  }

  /** Takes `amount` credits, soonest-expiring rows first; false (and nothing taken) when too few. */
  deduct(account: Account, amount: number): boolean {
    if (amount <= 0 || this.total(account) < amount) return false;
    let left = amount;
    for (const row of [...account.credits].sort((a, b) => a.expires_at.localeCompare(b.expires_at))) {
      const taken = Math.min(row.remaining_amount, left);
      row.remaining_amount -= taken;
      left -= taken;
      if (left === 0) break;
    }
    return true;
  }

  /**
   * Gives credits back as sc-go `credit_mutations.go` `RefundCreditsToUser` does: into the user's one
   * "Refund" row (free users) or "Refund Non-free" row (paid credits), created on the first refund.
   */
  refund(account: Account, amount: number): void {
    const type = CREDIT_TYPES[account.plan === 'free' ? 'refund' : 'refundNonFree'];
    const row = account.credits.find((r) => r.type.id === type.id);
    if (row) row.remaining_amount += amount;
    else account.credits.push({ id: newId(), remaining_amount: amount, expires_at: formatMicros(NEVER_EXPIRE), type });
  }

  clear(): void {
    this.byTokenMap.clear();
    this.byIdMap.clear();
  }

  private row(type: CreditRow['type'], amount: number): CreditRow {
    return { id: newId(), remaining_amount: amount, expires_at: formatMicros(Math.min(FAR_FUTURE, nowMicros() + 365 * 86_400e6)), type };
  }
}
