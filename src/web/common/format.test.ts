import { formatAge, formatDuration, formatEta } from "./format";

describe("formatDuration and formatEta", () => {
  test.each([
    [0, "a moment"],
    [30, "less than a minute"],
    [60, "about 1 minute"],
    [61, "about 2 minutes"],
    [3600, "about 1 hour"],
    [3900, "about 1 hour 5 minutes"],
    [-1, "unknown"],
    [Number.NaN, "unknown"],
  ])("When the duration is %p seconds, then it reads %p", (seconds, words) => {
    expect(formatDuration(seconds)).toBe(words);
  });

  test("When the ETA is unknown, zero or some minutes, then the text says so", () => {
    expect(formatEta(null)).toBe("Estimating time left…");
    expect(formatEta(0)).toBe("Finishing…");
    expect(formatEta(250)).toBe("about 5 minutes left");
  });
});

describe("formatAge", () => {
  const now = Date.parse("2024-05-01T12:00:00Z");
  test.each([
    ["2024-05-01T11:59:30Z", "just now"],
    ["2024-05-01T11:59:00Z", "1 minute ago"],
    ["2024-05-01T11:15:00Z", "45 minutes ago"],
    ["2024-05-01T09:00:00Z", "3 hours ago"],
    ["2024-04-28T12:00:00Z", "3 days ago"],
    ["2024-05-01T12:00:10Z", "just now"],
    ["not a date", "at an unknown time"],
  ])("When the snapshot is from %s, then its age reads %p", (asOf, words) => {
    expect(formatAge(asOf, now)).toBe(words);
  });
});
