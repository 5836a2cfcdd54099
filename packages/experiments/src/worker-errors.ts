/**
 * Errors across worker threads. A worker posts a thrown error as plain data
 * ({@link serializeError}: class name, message, `code`, the error's own fields,
 * stack); the main thread re-creates it ({@link reviveError}) as an instance
 * of the same class when that class is exported by a `@pathnet` package, so
 * `instanceof` checks, the fields and the message are what the same error
 * thrown on the main thread would give.
 */
import * as backend from '@pathnet/backend';
import * as core from '@pathnet/core';
import * as envs from '@pathnet/envs';
import * as evolution from '@pathnet/evolution';
import { JsonOptionError, PluginError } from './plugins.js';
import { JobKindUnavailableError, QueueUnreachableError, QueueUrlError } from './queue-errors.js';
import { ResumeError } from './results.js';
import { ResultsFolderError } from './results-folder.js';

/** An error as plain, structured-cloneable data. */
export interface SerializedError {
  /** The class name (`error.name`), e.g. `"DataFormatError"`. */
  readonly name: string;
  readonly message: string;
  /** Node's error code (`"EISDIR"`, …) if any. */
  readonly code?: string;
  /** The error's own fields that survive structured cloning (e.g. `file`, `detail`). */
  readonly fields: Readonly<Record<string, unknown>>;
  readonly stack?: string;
}

type ErrorClass = abstract new (...args: never[]) => Error;

let known: Map<string, ErrorClass> | undefined;

/** Every error class the `@pathnet` packages export, by class name. */
function errorClasses(): Map<string, ErrorClass> {
  if (known === undefined) {
    known = new Map();
    const modules: Record<string, unknown>[] = [
      backend,
      core,
      envs,
      evolution,
      {
        ResumeError,
        ResultsFolderError,
        PluginError,
        JsonOptionError,
        QueueUrlError,
        QueueUnreachableError,
        JobKindUnavailableError,
      },
    ];
    for (const mod of modules) {
      for (const [name, value] of Object.entries(mod)) {
        if (typeof value === 'function' && value.prototype instanceof Error) {
          known.set(name, value as ErrorClass);
        }
      }
    }
  }
  return known;
}

function cloneable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

/** `error` as data for `postMessage`; a non-Error value becomes an `Error` with its text. */
export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (key !== 'name' && key !== 'message' && key !== 'stack' && cloneable(value)) {
      fields[key] = value;
    }
  }
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === 'string' && { code }),
    fields,
    ...(error.stack !== undefined && { stack: error.stack }),
  };
}

/**
 * The error `data` describes, as an instance of its class when a `@pathnet` package
 * exports one of that name (built without running its constructor: message, name,
 * fields and stack are set as they were), else a plain `Error` with the same name.
 */
export function reviveError(data: SerializedError): Error {
  const cls = errorClasses().get(data.name) ?? Error;
  const error = Object.create(cls.prototype) as Error;
  Object.defineProperties(error, {
    message: { value: data.message, writable: true, configurable: true },
    name: { value: data.name, writable: true, configurable: true, enumerable: true },
    stack: {
      value: data.stack ?? `${data.name}: ${data.message}`,
      writable: true,
      configurable: true,
    },
  });
  Object.assign(error, data.fields);
  if (data.code !== undefined) (error as { code?: string }).code = data.code;
  return error;
}
