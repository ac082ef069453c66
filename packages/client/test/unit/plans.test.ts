/**
 * How many creates each plan runs at once, pinned to sc-go: qMax is MAX_QUEUED_ITEMS_* in
 * shared/constants.go, and server/scworker/generate.go makes a create wait only when `nq > qMax`, so
 * qMax + 1 run at once. The emulator shows it over HTTP (packages/emulator/test/slots.test.ts:
 * "pro plan: qMax 3, so qMax + 1 run at once").
 */
import { PLANS, PLAN_QUEUE_MAX, QueueFullError, RUNS_AT_ONCE_BY_PLAN, errorFromResponse, operations, runsAtOnce } from '../../src/core';
import { cliHint } from '../../src/cli/hints';
import { json } from '../helpers/scripted-transport';

it('takes sc-go’s qMax per plan, and runs qMax + 1 at once', () => {
  expect(PLAN_QUEUE_MAX).toEqual({ free: 1, starter: 2, pro: 3, ultimate: 4 });
  expect(PLANS.map((plan) => [plan, runsAtOnce(plan)])).toEqual([
    ['free', 2],
    ['starter', 3],
    ['pro', 4],
    ['ultimate', 5],
  ]);
  expect(RUNS_AT_ONCE_BY_PLAN).toBe('Free 2, Starter 3, Pro 4, Ultimate 5');
});

it('the QueueFullError hint says how many each plan runs at once', () => {
  const spec = operations.generate.build({ prompt: 'a red fox', seed: 7 });
  const error = errorFromResponse(json(400, { error: 'queue_limit_reached' }), { spec, startedAt: 0 });
  expect(error).toBeInstanceOf(QueueFullError);
  expect(error.hint).toContain('Free 2, Starter 3, Pro 4, Ultimate 5');
  // The CLI words it for someone running commands side by side.
  expect(cliHint(error, { apiUrl: 'https://api.stablecog.com', argv: [] })).toMatch(/run fewer at once \(a plan runs Free 2, Starter 3, Pro 4, Ultimate 5;/);
});
