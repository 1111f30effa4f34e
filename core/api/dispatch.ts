import { BatonError } from '../errors.ts';
import {
  ContractError,
  isRequestName,
  parseRequestInput,
  type MonitorService,
  type RemoteError,
  type RequestName,
} from './contract.ts';

export type Transport = 'in-process' | 'ipc' | 'websocket';

/**
 * Run one request from an untrusted carrier: check the name is in the contract, parse the input
 * with its schema BEFORE any handler runs, then call the handler. Every transport goes through
 * here, so they behave the same. Throws ContractError with a code the wire can carry.
 *
 * @example
 * const snapshot = await dispatch(monitor, 'snapshot', {}, 'websocket');
 */
export async function dispatch(
  service: MonitorService,
  method: unknown,
  input: unknown,
  transport: Transport,
): Promise<unknown> {
  if (!isRequestName(method)) {
    throw new ContractError('unknown_request', `unknown request ${JSON.stringify(method)}`);
  }
  const parsed = parseRequestInput(method, input);
  const handler = service.handlers[method] as (input: unknown) => unknown;
  let result: unknown;
  try {
    result = await handler(parsed);
  } catch (error) {
    throw toContractError(method, error);
  }
  if (method === 'info' && result && typeof result === 'object') {
    return { ...(result as Record<string, unknown>), transport };
  }
  return result;
}

/** Map anything a handler throws to an error the wire carries, keeping its message. */
export function toContractError(method: RequestName | string, error: unknown): ContractError {
  if (error instanceof ContractError) return error;
  if (error instanceof BatonError) {
    const code: RemoteError['code'] =
      error.code === 'invalid_argument' ? 'bad_request' : 'internal';
    return new ContractError(code, error.message);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ContractError('internal', `${method}: ${message}`);
}

/** The wire form of an error. */
export function remoteError(error: unknown): RemoteError {
  const contractError = error instanceof ContractError ? error : toContractError('request', error);
  return { code: contractError.code, message: contractError.message };
}
