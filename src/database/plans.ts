/**
 * What an EXPLAIN (FORMAT JSON) plan says about indexes: a Sort over a sequential scan of a large
 * table (the ordering has no index), and a filtered sequential scan of one (the filter has none). A
 * plain sequential scan under a LIMIT reads only a page and is left alone. Pure.
 */

/** One node of PostgreSQL's JSON plan, with the keys this module reads. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Alias?: string;
  'Plan Rows'?: number;
  'Sort Key'?: string[];
  Filter?: string;
  Plans?: PlanNode[];
}

export interface PlanFinding {
  table: string;
  rows: number;
  column?: string;
  plan: string;
}

const scans = (node: PlanNode): PlanNode[] => [
  ...(node['Node Type'] === 'Seq Scan' ? [node] : []),
  ...(node.Plans ?? []).flatMap(scans),
];

/** `shop_product.name DESC` → { table: 'shop_product', column: 'name' }. */
export function sortColumn(key: string): { table?: string; column: string } {
  const bare = key.replace(/\s+(ASC|DESC)\b.*$/i, '').replace(/\s+NULLS\s+(FIRST|LAST)$/i, '').replace(/^\(|\)$/g, '').trim();
  const parts = bare.split('.').map((p) => p.replace(/"/g, ''));
  return parts.length > 1 ? { table: parts.at(-2)!, column: parts.at(-1)! } : { column: parts[0]! };
}

/** The first column a scan's Filter compares: `((category_id = 5) AND …)` → `category_id`. */
export function filterColumn(filter: string): string | undefined {
  return /\(*\s*"?([A-Za-z_]\w*)"?(?:\)?::[\w ]+\)?)?\s*(?:=|<>|<=|>=|<|>|~~\*?|!~~|IS\b|= ANY)/.exec(filter)?.[1];
}

/**
 * Findings of one plan. `tableRows` gives the rows of each table (a filtered scan's own estimate is
 * after the filter); a table under `minRows` is small enough that a scan is the right plan.
 */
export function analysePlan(plan: PlanNode | Array<{ Plan: PlanNode }>, tableRows: Record<string, number>, minRows: number): PlanFinding[] {
  const root = Array.isArray(plan) ? plan[0]?.Plan : plan;
  if (!root) return [];
  const out: PlanFinding[] = [];
  const handled = new Set<PlanNode>();
  const size = (n: PlanNode): number => Math.max(tableRows[n['Relation Name'] ?? ''] ?? 0, n.Filter ? 0 : (n['Plan Rows'] ?? 0));
  const visit = (node: PlanNode): void => {
    if (node['Node Type'] === 'Sort' && node['Sort Key']?.length) {
      const key = sortColumn(node['Sort Key'][0]!);
      const under = scans(node).filter((s) => !key.table || s.Alias === key.table || s['Relation Name'] === key.table);
      const scan = under.find((s) => size(s) >= minRows);
      if (scan) {
        handled.add(scan);
        out.push({ table: scan['Relation Name']!, rows: size(scan), column: key.column, plan: 'Sort over Seq Scan' });
      }
    }
    if (node['Node Type'] === 'Seq Scan' && node.Filter && !handled.has(node) && size(node) >= minRows) {
      const column = filterColumn(node.Filter);
      out.push({ table: node['Relation Name']!, rows: size(node), ...(column ? { column } : {}), plan: 'Seq Scan with Filter' });
    }
    (node.Plans ?? []).forEach(visit);
  };
  visit(root);
  return out;
}
