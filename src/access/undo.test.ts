import { buildUndoItems, type ExecutedItem } from "./undo";
import { aUser, repoUuid } from "./test-builders";

const ann = aUser("ann");
const repo = (slug: string) => ({ slug, uuid: repoUuid(slug) });

const executed: ExecutedItem[] = [
  { target: "project", repository: null, principal: ann, before: "read", after: "admin", outcome: "done" },
  { target: "repository", repository: repo("a"), principal: ann, before: "none", after: "write", outcome: "done" },
  { target: "repository", repository: repo("b"), principal: ann, before: "admin", after: "none", outcome: "done" },
  { target: "repository", repository: repo("c"), principal: ann, before: "none", after: "write", outcome: "failed" },
  { target: "repository", repository: repo("d"), principal: ann, before: "none", after: "write", outcome: "cancelled" },
  { target: "repository", repository: repo("e"), principal: ann, before: "none", after: "write", outcome: "pending" },
];

describe("undo", () => {
  test("When a job finished, then undo restores each done item's before, with the matching action, in reverse order", () => {
    expect(buildUndoItems(executed)).toEqual([
      { target: "repository", repository: repo("b"), principal: ann, before: "none", after: "admin", action: "grant" },
      { target: "repository", repository: repo("a"), principal: ann, before: "write", after: "none", action: "revoke" },
      { target: "project", repository: null, principal: ann, before: "admin", after: "read", action: "change" },
    ]);
  });

  test("When items failed, were cancelled or never ran, then undo leaves them alone", () => {
    const slugs = buildUndoItems(executed).map((item) => item.repository?.slug);
    expect(slugs).not.toContain("c");
    expect(slugs).not.toContain("d");
    expect(slugs).not.toContain("e");
  });

  test("When an undo is undone, then the original change comes back", () => {
    const undo = buildUndoItems(executed);
    const redo = buildUndoItems(undo.map((item) => ({ ...item, outcome: "done" as const })));
    expect(redo).toEqual([
      { target: "project", repository: null, principal: ann, before: "read", after: "admin", action: "change" },
      { target: "repository", repository: repo("a"), principal: ann, before: "none", after: "write", action: "grant" },
      { target: "repository", repository: repo("b"), principal: ann, before: "admin", after: "none", action: "revoke" },
    ]);
  });

  test("When nothing was done, then there is nothing to undo", () => {
    expect(buildUndoItems([])).toEqual([]);
  });
});
