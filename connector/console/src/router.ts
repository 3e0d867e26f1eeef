/** The console's pages, in the order the navigation shows them. */
export const ROUTES = [
  { name: 'usage', label: 'Usage' },
  { name: 'agents', label: 'Agents' },
  { name: 'policy', label: 'Policy' },
  { name: 'outbox', label: 'Outbox' },
  { name: 'audit', label: 'Audit log' },
] as const;

export type RouteName = (typeof ROUTES)[number]['name'];

export const DEFAULT_ROUTE: RouteName = 'usage';

/**
 * The page a location hash names: `#/agents` and `#/usage?from=…` (a page keeps its own state after the `?`). Anything
 * else, an empty hash included, is the usage page.
 */
export function routeOf(hash: string): RouteName {
  const path = hash.replace(/^#\/?/, '').split('?')[0]!.replace(/\/+$/, '');
  return ROUTES.find((route) => route.name === path)?.name ?? DEFAULT_ROUTE;
}

/** The hash of a route's link. */
export function hrefOf(route: RouteName): string {
  return `#/${route}`;
}

/**
 * Calls `show` with the route of the location hash now and whenever the route changes. A change after the `?` alone
 * (a page writing its filters into the hash) is the page's own business: it does not remount the page.
 * `mayLeave` is asked before the route changes; when it says no, the previous hash is put back (without a history
 * entry) and the page stays. Returns a function that stops listening.
 */
export function watchRoute(show: (route: RouteName) => void, mayLeave: () => boolean = () => true): () => void {
  let current: RouteName | null = null;
  const onChange = (event?: HashChangeEvent) => {
    const route = routeOf(location.hash);
    if (route === current) return;
    if (current !== null && !mayLeave()) {
      const previous = event ? new URL(event.oldURL).hash : '';
      history.replaceState(history.state, '', previous || hrefOf(current));
      return;
    }
    current = route;
    show(route);
  };
  const listener = (event: HashChangeEvent) => onChange(event);
  window.addEventListener('hashchange', listener);
  onChange();
  return () => window.removeEventListener('hashchange', listener);
}
