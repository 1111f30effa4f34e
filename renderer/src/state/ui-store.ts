import { createStore, type StoreApi } from 'zustand/vanilla';
import type { OperatorEntry } from '../../../core/audit/audit-schema.ts';
import type { ActionPlan } from '../actions/action-plan.ts';
import type { LeaseView } from '../../../core/api/views.ts';
import {
  NO_LEASE_FILTER,
  type LeaseFilter,
  type LeaseSortKey,
  type Sort,
  type ViewId,
} from './selectors.ts';

export type Theme = 'light' | 'dark';

export const VIEWS: readonly { id: ViewId; label: string }[] = [
  { id: 'attention', label: 'Attention' },
  { id: 'leases', label: 'Leases' },
  { id: 'agents', label: 'Agents' },
  { id: 'rooms', label: 'Rooms' },
  { id: 'runs', label: 'Runs' },
  { id: 'handoffs', label: 'Handoffs' },
  { id: 'unsettled', label: 'Unsettled' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'audit', label: 'Audit' },
];

export function isViewId(value: string): value is ViewId {
  return VIEWS.some((v) => v.id === value);
}

/** Where the audit view should land after "view audit entry". */
export type AuditFocus = Pick<OperatorEntry, 'ts_ms' | 'action' | 'target'>;

export type UiState = {
  view: ViewId;
  /** The selected row of each view (kept when switching views, so coming back lands in place). */
  selection: Partial<Record<ViewId, string>>;
  /** Whether the detail pane of each view is open. */
  detailOpen: Partial<Record<ViewId, boolean>>;
  theme: Theme;
  paletteOpen: boolean;
  leaseFilter: LeaseFilter;
  leaseSort: Sort<LeaseSortKey>;
  runGroup: string;
  showDecidedHandoffs: boolean;
  auditFocus: AuditFocus | undefined;
  /** The action awaiting confirmation (or showing its result). */
  action: ActionPlan | undefined;
  /** The exact set a bulk release will act on, captured when the operator asked for it. */
  bulkRelease: readonly LeaseView[] | undefined;
};

export type UiActions = {
  setView(view: ViewId): void;
  select(view: ViewId, key: string | undefined, open?: boolean): void;
  closeDetail(view: ViewId): void;
  /** Jump from anywhere (palette, links) to a row of a view, with its detail open. */
  reveal(view: ViewId, key: string): void;
  setTheme(theme: Theme): void;
  setPaletteOpen(open: boolean): void;
  setLeaseFilter(patch: Partial<LeaseFilter>): void;
  setLeaseSort(sort: Sort<LeaseSortKey>): void;
  setRunGroup(group: string): void;
  setShowDecidedHandoffs(show: boolean): void;
  showAudit(focus: AuditFocus): void;
  openAction(plan: ActionPlan): void;
  closeAction(): void;
  openBulkRelease(leases: readonly LeaseView[]): void;
  closeBulkRelease(): void;
};

export type UiStore = StoreApi<UiState & UiActions>;

export function createUiStore(initial: { theme: Theme; view?: ViewId }): UiStore {
  return createStore<UiState & UiActions>((set) => ({
    view: initial.view ?? 'attention',
    selection: {},
    detailOpen: {},
    theme: initial.theme,
    paletteOpen: false,
    leaseFilter: NO_LEASE_FILTER,
    leaseSort: { by: 'expires', dir: 1 },
    runGroup: 'all',
    showDecidedHandoffs: false,
    auditFocus: undefined,
    action: undefined,
    bulkRelease: undefined,

    setView: (view) => set({ view }),
    select: (view, key, open) =>
      set((s) => ({
        selection: { ...s.selection, [view]: key },
        detailOpen: {
          ...s.detailOpen,
          [view]: key === undefined ? false : (open ?? s.detailOpen[view] ?? true),
        },
      })),
    closeDetail: (view) => set((s) => ({ detailOpen: { ...s.detailOpen, [view]: false } })),
    reveal: (view, key) =>
      set((s) => ({
        view,
        selection: { ...s.selection, [view]: key },
        detailOpen: { ...s.detailOpen, [view]: true },
        // A jump to a lease must not land on a row the current filter hides.
        leaseFilter: view === 'leases' ? NO_LEASE_FILTER : s.leaseFilter,
        runGroup: view === 'runs' ? 'all' : s.runGroup,
        showDecidedHandoffs: view === 'handoffs' ? true : s.showDecidedHandoffs,
      })),
    setTheme: (theme) => set({ theme }),
    setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
    setLeaseFilter: (patch) => set((s) => ({ leaseFilter: { ...s.leaseFilter, ...patch } })),
    setLeaseSort: (leaseSort) => set({ leaseSort }),
    setRunGroup: (runGroup) => set({ runGroup }),
    setShowDecidedHandoffs: (showDecidedHandoffs) => set({ showDecidedHandoffs }),
    showAudit: (auditFocus) => set({ auditFocus, view: 'audit' }),
    openAction: (action) => set({ action }),
    closeAction: () => set({ action: undefined }),
    openBulkRelease: (bulkRelease) => set({ bulkRelease }),
    closeBulkRelease: () => set({ bulkRelease: undefined }),
  }));
}
