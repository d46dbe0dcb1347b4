/** The `checks` section of enid.config (src/config.ts names it; src/checks/settings.ts resolves it). */
import { z } from 'zod';
import { wholeNumber } from '../config-value-schemas.js';
import { CHECK_NAMES, type CheckName } from './types.js';

const setting = z.enum(['fail', 'warn', 'off']);

/** Each check by name: `fail` (as found, the default), `warn` (reported, never failing) or `off`. */
const perCheck = Object.fromEntries(CHECK_NAMES.map((name) => [name, setting.optional()])) as Record<CheckName, z.ZodOptional<typeof setting>>;

export const checksConfigSchema = z.strictObject({
  /** The phase runs by default; false (like `--no-checks`) skips it. */
  enabled: z.boolean().optional(),
  /** Most requests the phase sends to one endpoint (default 60); what is left over is skipped and said. */
  maxRequestsPerEndpoint: wholeNumber(5, 10_000).optional(),
  ...perCheck,
});

export type ChecksConfig = z.input<typeof checksConfigSchema>;
