import type { Job, JobQueue } from '../../ports/index.ts';

interface Invoker {
  invoke(functionName: string, payload: Uint8Array): Promise<number | undefined>;
}

/** The SDK's Lambda client is loaded on the first job, not at cold start (it is on the acknowledgement path). */
async function sdkInvoker(): Promise<Invoker> {
  const { LambdaClient, InvokeCommand } = await import('@aws-sdk/client-lambda');
  const client = new LambdaClient({});
  return {
    invoke: async (FunctionName, Payload) =>
      (await client.send(new InvokeCommand({ FunctionName, InvocationType: 'Event', Payload }))).StatusCode,
  };
}

/** Asynchronous Lambda invocation: Lambda queues it, retries twice, then sends it to the failure destination. */
export class LambdaJobQueue implements JobQueue {
  private invoker: Promise<Invoker> | undefined;

  constructor(
    private readonly functionName: string,
    private readonly makeInvoker: () => Promise<Invoker> = sdkInvoker,
  ) {}

  async submit(job: Job): Promise<void> {
    this.invoker ??= this.makeInvoker().catch((err) => {
      this.invoker = undefined;
      throw err;
    });
    const status = await (await this.invoker).invoke(this.functionName, Buffer.from(JSON.stringify(job)));
    if (status !== 202) throw new Error(`async invoke answered ${status}`);
  }
}
