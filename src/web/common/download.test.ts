import { auditCsvFilename } from "./download";

describe("auditCsvFilename", () => {
  const now = new Date("2024-05-01T23:30:00Z");
  test("When a project is chosen, then the name has the project key and the UTC date", () => {
    expect(auditCsvFilename("MOBILE", now)).toBe("audit-MOBILE-2024-05-01.csv");
  });
  test("When the key has unsafe characters or there is no project, then they are dropped", () => {
    expect(auditCsvFilename("../A B", now)).toBe("audit-A-B-2024-05-01.csv");
    expect(auditCsvFilename(undefined, now)).toBe("audit-2024-05-01.csv");
  });
});
