import { budgetMeaning, parseSettings } from "./settings-form";

describe("settings form", () => {
  test("When values are inside the ranges, then they parse, with thousands separators allowed", () => {
    expect(parseSettings({ hourlyCallBudget: "1,000", concurrency: " 4 " })).toEqual({ settings: { hourlyCallBudget: 1000, concurrency: 4 } });
    expect(parseSettings({ hourlyCallBudget: "10000", concurrency: "16" })).toEqual({ settings: { hourlyCallBudget: 10000, concurrency: 16 } });
  });

  test.each([
    ["0", "4", "hourlyCallBudget"],
    ["10001", "4", "hourlyCallBudget"],
    ["900", "17", "concurrency"],
    ["900", "2.5", "concurrency"],
    ["abc", "4", "hourlyCallBudget"],
    ["900", "", "concurrency"],
  ])("When the budget is %p and concurrency %p, then %s is refused with its range", (hourlyCallBudget, concurrency, field) => {
    const result = parseSettings({ hourlyCallBudget, concurrency });
    expect(result).toHaveProperty(`errors.${field}`);
    expect(JSON.stringify(result)).toMatch(/from 1 to (10,000|16)/);
  });

  test("When the budget is the default, then its meaning is in calls a minute and time for 1,000 repositories", () => {
    expect(budgetMeaning(900)).toBe("That is about 15 calls a minute: changing 1,000 repositories takes at least 67 minutes.");
    expect(budgetMeaning(30)).toBe("That is one call every 2 minutes: changing 1,000 repositories takes at least 2,000 minutes.");
  });
});
