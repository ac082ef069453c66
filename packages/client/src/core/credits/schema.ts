/** The credit balance. */
import { z } from 'zod';
import { optionalNumber, optionalString } from '../fields';

/** Credit balances: the total, and each non-expired credit pack (refunds appear as their own row). */
export const CreditsSchema = z.looseObject({
  total_remaining_credits: z.number(),
  credits: z
    .array(
      z.looseObject({
        id: optionalString,
        remaining_amount: optionalNumber,
        expires_at: optionalString,
        type: z
          .looseObject({ id: optionalString, name: optionalString, amount: optionalNumber, description: optionalString })
          .optional(),
      }),
    )
    .optional(),
});

/** Credit balances. */
export type Credits = z.infer<typeof CreditsSchema>;
