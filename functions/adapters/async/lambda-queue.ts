import type { LambdaClientConfig } from '@aws-sdk/client-lambda';
import type { JobQueue } from '../../ports/index.ts';

interface Invoker {
  invoke(functionName: string, payload: Uint8Array): Promise<number | undefined>;
}

/**
 * The webhook hands jobs on inside Feishu's 3 s, and `LambdaClient({})` has no timeouts at all. An
 * asynchronous Invoke only queues the event (tens of milliseconds); each attempt is cut off at 600 ms
 * (`throwOnRequestTimeout`, or the timeout is only a logged warning) and there are two, so a hung call
 * fails in about 1.3 s.
 */
export const JOB_QUEUE_CLIENT_CONFIG: LambdaClientConfig = {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 300, requestTimeout: 600, throwOnRequestTimeout: true },
};

/** The SDK's Lambda client is loaded on the first job, not at cold start (it is on the acknowledgement path). */
export function sdkInvoker(config: LambdaClientConfig = {}): () => Promise<Invoker> {
  return async () => {
    const { LambdaClient, InvokeCommand } = await import('@aws-sdk/client-lambda');
    const client = new LambdaClient({ ...JOB_QUEUE_CLIENT_CONFIG, ...config });
    return {
      invoke: async (FunctionName, Payload) =>
        (await client.send(new InvokeCommand({ FunctionName, InvocationType: 'Event', Payload }))).StatusCode,
    };
  };
}

/** Asynchronous Lambda invocation: Lambda queues it, retries twice, then sends it to the failure destination. */
export class LambdaJobQueue implements JobQueue {
  private invoker: Promise<Invoker> | undefined;

  constructor(
    private readonly functionName: string,
    private readonly makeInvoker: () => Promise<Invoker> = sdkInvoker(),
  ) {}

  /** Carries any job (the worker's own schema decides what it runs). */
  async submit<J extends { kind: string }>(job: J): Promise<void> {
    this.invoker ??= this.makeInvoker().catch((err) => {
      this.invoker = undefined;
      throw err;
    });
    const status = await (await this.invoker).invoke(this.functionName, Buffer.from(JSON.stringify(job)));
    if (status !== 202) throw new Error(`async invoke answered ${status}`);
  }
}

/**
 * The job queue of a function that may have no worker to hand jobs to (WORKER_FUNCTION_NAME unset:
 * the worker itself, which cannot invoke itself): then every submit fails, and the caller's own
 * fallback (running the work inline, or the scheduled retry) applies.
 */
export function jobQueueFor(functionName: string | undefined): JobQueue {
  return functionName ? new LambdaJobQueue(functionName) : { submit: async () => Promise.reject(new Error('WORKER_FUNCTION_NAME is not set for this function')) };
}
