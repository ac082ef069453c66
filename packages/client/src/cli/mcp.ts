/**
 * `stablecog mcp`: the MCP server for agent hosts, on stdio (Claude Desktop, Cursor) or on
 * Streamable HTTP (`--http <port>`, loopback unless `--host` says otherwise). The token comes from
 * STABLECOG_API_TOKEN, as for every other command; stdout carries only the protocol.
 */
import type { Command } from 'commander';
import type { Stablecog } from '../client';
import type { CliIo } from './io';

/** Adds the `mcp` command; `client` builds the API client from the environment. */
export function addMcpCommand(program: Command, io: CliIo, client: (needsToken: boolean) => Stablecog): void {
  program
    .command('mcp')
    .description('serve the Stablecog tools to AI agents over MCP (stdio, or Streamable HTTP with --http)')
    .option('--http <port>', 'serve Streamable HTTP at http://<host>:<port>/mcp instead of stdio (0 picks a free port)')
    .option('--host <address>', 'address to listen on with --http', '127.0.0.1')
    .action(async (o: { http?: string; host: string }) => {
      const api = client(true);
      const mcp = loadMcp();
      if (o.http === undefined) {
        io.err('Stablecog MCP server on stdio\n');
        await mcp.serveMcpStdio(mcp.createMcpServer(api));
        return;
      }
      const port = Number(o.http);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--http must be a port number 0–65535 (got "${o.http}").`);
      const served = await mcp.serveMcpHttp(() => mcp.createMcpServer(api), port, o.host);
      io.err(`Stablecog MCP server on ${served.url}\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await served.close();
    });
}

/** What to install when the MCP SDK is missing (an optional peer: the library and the other commands never need it). */
export const MCP_SDK_MISSING =
  '`stablecog mcp` needs the MCP SDK, which is installed separately: `npm install -g @modelcontextprotocol/sdk@^1.32.2` ' +
  'next to a global @stablecog/client (or add it to your project), or run `npx -y -p @stablecog/client -p @modelcontextprotocol/sdk stablecog mcp`.';

/**
 * The MCP server, loaded only by this command, so the other commands and every app built on the
 * library (the Zapier app) neither load nor install the SDK and its HTTP servers.
 */
function loadMcp(): typeof import('../mcp') {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('../mcp') as typeof import('../mcp');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && /@modelcontextprotocol\/sdk/.test(String((error as Error).message));
    if (missing) throw new Error(MCP_SDK_MISSING);
    throw error;
  }
}
