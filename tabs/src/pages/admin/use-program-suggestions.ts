import { useEffect, useState } from 'react';

import { type Program } from '../../../../functions/src/contracts/admin';
import { type AdminApi } from '../../api/admin-api';
import { type ProgramSuggestions } from './ProgramForm';

/** Programs whose participants are sampled for suggestions, and how many of each (one page). */
const SAMPLED_PROGRAMS = 3;
const SAMPLE_SIZE = 100;

function distinct(values: Iterable<string | null | undefined>): string[] {
  const byKey = new Map<string, string>();
  for (const v of values) {
    const trimmed = v?.trim();
    if (trimmed && !byKey.has(trimmed.toLowerCase())) byKey.set(trimmed.toLowerCase(), trimmed);
  }
  return [...byKey.values()].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
}

/**
 * Departments and level labels to suggest in the program form. The API has no tenant-wide directory listing, so
 * they come from what the admin view already knows: every program's eligibility and level mapping, plus one page
 * of participants from the edited program and the most recently changed others. A failed read only means fewer
 * suggestions; free entry always works.
 */
export function useProgramSuggestions(
  admin: AdminApi,
  programs: readonly Program[],
  editing: Program | 'new' | null,
): ProgramSuggestions {
  const [seen, setSeen] = useState<{ departments: string[]; levels: string[] }>({
    departments: [],
    levels: [],
  });
  const editingId = editing === null ? null : editing === 'new' ? 'new' : editing.id;

  useEffect(() => {
    if (editingId === null) return;
    let live = true;
    const sampled = [...programs]
      .sort((a, b) =>
        a.id === editingId ? -1 : b.id === editingId ? 1 : b.updatedAt.localeCompare(a.updatedAt),
      )
      .slice(0, SAMPLED_PROGRAMS);
    void Promise.allSettled(sampled.map((p) => admin.participants(p.id, { pageSize: SAMPLE_SIZE }))).then(
      (pages) => {
        if (!live) return;
        const items = pages.flatMap((r) => (r.status === 'fulfilled' ? r.value.items : []));
        setSeen({
          departments: items.map((p) => p.department ?? ''),
          levels: items.map((p) => p.level ?? ''),
        });
      },
    );
    return () => {
      live = false;
    };
  }, [admin, programs, editingId]);

  return {
    departments: distinct([...programs.flatMap((p) => p.eligibility.departments), ...seen.departments]),
    levels: distinct([
      ...programs.flatMap((p) => p.eligibility.levels),
      ...programs.flatMap((p) => p.levelMapping?.levels.map((l) => l.label) ?? []),
      ...seen.levels,
    ]),
  };
}
