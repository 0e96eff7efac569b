/**
 * Domain types that cross the process boundary: what the API returns. Field names follow
 * seed 000 (snake_case) wherever the seed names them. One module per topic; this one gathers them
 * so importers need not know which topic file a type lives in.
 */
export * from './profile';
export * from './recommendations';
export * from './tuning';
export * from './ledger';
export * from './runs';
export type { Factor, TunableField } from './run-record';
