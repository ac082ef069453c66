/** Stablecog for AI agents: the MCP server (`createMcpServer`) and its stdio and HTTP front doors. */
export { createMcpServer, type McpServerOptions } from './server';
export { serveMcpHttp, type McpHttpServer } from './http';
export { serveMcpStdio } from './stdio';
