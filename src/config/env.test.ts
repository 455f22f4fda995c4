import { ConfigError, readConfig } from "./env";

describe("readConfig: WEB_CONCURRENCY", () => {
  test("When WEB_CONCURRENCY is not set, then one process serves", () => {
    expect(readConfig({}).webConcurrency).toBe(1);
  });

  test("When WEB_CONCURRENCY is a whole number, then that many processes serve", () => {
    expect(readConfig({ WEB_CONCURRENCY: "4" }).webConcurrency).toBe(4);
  });

  test.each(["0", "-1", "2.5", "many", "65"])("When WEB_CONCURRENCY=%s, then the configuration is refused with the reason", (value) => {
    expect(() => readConfig({ WEB_CONCURRENCY: value })).toThrow(ConfigError);
    expect(() => readConfig({ WEB_CONCURRENCY: value })).toThrow(/WEB_CONCURRENCY must be a whole number from 1 to 64/);
  });
});
