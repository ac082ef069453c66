/** The benchmark's server: the emulator in its own process, with no latency and no rate limiter. */
import { startEmulator } from '@stablecog/emulator';

startEmulator({ latencyMs: 0, rateLimit: false, requestLogLimit: 0 }).then((emulator) => {
  const { token } = emulator.control.createAccount({ credits: 100_000_000, plan: 'ultimate' });
  process.send?.({ url: emulator.url, token });
  process.on('disconnect', () => void emulator.close().then(() => process.exit(0)));
});
