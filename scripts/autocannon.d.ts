/** The part of autocannon (which ships no types) that scripts/load-client.ts uses. */
declare module "autocannon" {
  namespace autocannon {
    interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      setupRequest?: (req: Request) => Request;
    }
    interface Histogram { average: number; p50: number; p90: number; p99: number; max: number }
    interface Result {
      requests: Histogram & { total: number };
      latency: Histogram;
      errors: number;
      timeouts: number;
      non2xx: number;
      duration: number;
    }
    interface Options {
      url: string;
      connections?: number;
      duration?: number;
      headers?: Record<string, string>;
      requests?: Request[];
    }
    /** What autocannon returns: a promise of the result that also reports each answer as it arrives. */
    interface Instance extends Promise<Result> {
      /** `responseTime`: milliseconds from sending the request to the end of its answer. */
      on(event: "response", listener: (client: unknown, statusCode: number, bytes: number, responseTime: number) => void): void;
      on(event: "reqError", listener: (error: Error) => void): void;
    }
  }
  function autocannon(options: autocannon.Options): autocannon.Instance;
  export = autocannon;
}
