import { isFinished, jobProgress, jobStateText } from "./job-progress";

const job = { total: 300, done: 120, failed: 3, cancelled: 0 };

describe("job progress", () => {
  test("When some items are settled, then the fraction and remaining count follow", () => {
    expect(jobProgress(job)).toEqual({ settled: 123, remaining: 177, fraction: 0.41, percent: 41 });
    expect(jobProgress({ total: 0, done: 0, failed: 0, cancelled: 0 }).fraction).toBe(1);
  });

  test("When the job is in each state, then the sentence says what happened", () => {
    expect(jobStateText({ ...job, state: "running" })).toBe("120 changes made, 3 failed, 177 to go.");
    expect(jobStateText({ ...job, state: "succeeded", done: 300, failed: 0 })).toBe("Done: all 300 changes made.");
    expect(jobStateText({ ...job, state: "failed", done: 297 })).toBe("Finished with failures: 297 made, 3 changes failed.");
    expect(isFinished({ state: "running" })).toBe(false);
    expect(isFinished({ state: "cancelled" })).toBe(true);
  });
});
