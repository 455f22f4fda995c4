/** CSV downloads: a fetched blob saved under a predictable name. */

const slugPart = (value: string): string => value.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "");

/** `audit-MOBILE-2024-05-01.csv` (the date in UTC); the project part is left out when there is none. */
export const auditCsvFilename = (projectKey: string | undefined, now: Date): string => {
  const date = now.toISOString().slice(0, 10);
  const project = projectKey ? slugPart(projectKey) : "";
  return project ? `audit-${project}-${date}.csv` : `audit-${date}.csv`;
};

/** Saves a blob through a temporary object URL and a download link (DOM only; not unit-tested). */
export const saveBlob = (blob: Blob, filename: string): void => {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.rel = "noopener";
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => { URL.revokeObjectURL(url); }, 10_000);
};
