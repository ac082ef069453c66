import type { IncomingMessage } from 'node:http';

/**
 * The client's IP as the real server sees it behind Cloudflare and its ingress:
 * `CF-Connecting-IP`, then `X-Real-Ip`, then the first `X-Forwarded-For`, then the socket.
 * (Tests use these headers to act as several clients.)
 */
export function clientIp(req: IncomingMessage): string {
  const header = (name: string): string | undefined => {
    const v = req.headers[name];
    return (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
  };
  return (
    header('cf-connecting-ip') ??
    header('x-real-ip') ??
    header('x-forwarded-for')?.split(',')[0].trim() ??
    req.socket.remoteAddress ??
    'unknown'
  );
}
