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
      // Loaded here, so the other commands do not pay for the MCP SDK.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mcp = require('../mcp') as typeof import('../mcp');
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
