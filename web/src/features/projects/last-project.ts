const KEY = "bugtracker.lastProject";

export function rememberProject(projectId: number): void {
  try {
    window.localStorage.setItem(KEY, String(projectId));
  } catch {
    // not remembered
  }
}

export function lastProject(): number | null {
  try {
    const value = Number(window.localStorage.getItem(KEY));
    return Number.isInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}
