/** What the fault, bad-input and security suites share: accounting, hostile input, secrets, stand-in hosts, rigs. */
export * from './accounting';
export * from './capture';
export * from './crash';
export * from './front-door';
export * from './hostile';
export * from './hosts';
export * from './properties';
export * from './random';
export * from './rigs';
export * from './secrets';
