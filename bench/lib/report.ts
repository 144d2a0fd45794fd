/** The table `npm run bench` prints: each figure beside the baseline it is judged against. */

type Row = string[];

const fmt = (x: number | null | undefined, digits = 0) =>
  x === null || x === undefined || Number.isNaN(x)
    ? "–"
    : x.toLocaleString("en-US", { maximumFractionDigits: digits });
const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? "–" : `${(x * 100).toFixed(0)} %`;
const times = (x: number | null | undefined) => (x === null || x === undefined ? "–" : `${x.toFixed(1)}×`);

function table(header: Row, rows: Row[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: Row) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

// biome-ignore lint/suspicious/noExplicitAny: the results object is assembled by run.ts and printed here
export function renderReport(r: any): string {
  const out: string[] = [];
  const ceiling = r.ceiling?.per_second ?? null;
  const perConn = r.per_connection?.per_second ?? null;
  out.push(
    `DentalPin Notifications benchmark (${r.mode}, N = ${fmt(r.n)}) on ${r.machine.cpu_model}, ${r.machine.cores} cores, ` +
      `${r.machine.memory_gb} GB, Node ${r.machine.node}; load average at start ${r.machine.load_average_at_start.join(" ")}`,
  );
  out.push(
    `SMTP sink: own process, stock smtp-server, ${r.sink.greeting_delay_ms} ms greeting delay per connection\n`,
  );

  const rows: Row[] = [
    [
      "ceiling: nodemailer pool → sink",
      fmt(ceiling, 1),
      "100 %",
      times(perConn ? ceiling / perConn : null),
      "–",
    ],
    [
      "per-connection baseline (sequential)",
      fmt(perConn, 1),
      pct(ceiling ? perConn / ceiling : null),
      "1.0×",
      "–",
    ],
  ];
  for (const [key, label] of [
    ["e2e_pglite", "ours e2e, PGlite, 1 process"],
    ["e2e_pg_1w", "ours e2e, PostgreSQL, 1 worker"],
    ["e2e_pg_4w", "ours e2e, PostgreSQL, 4 workers"],
  ] as const) {
    const e = r[key];
    if (!e) continue;
    const lat = `${fmt(e.p50_ms)} / ${fmt(e.p95_ms)} ms, ${fmt(e.peak_rss_mb)} MB${e.complete ? "" : " (INCOMPLETE)"}`;
    rows.push([
      label,
      fmt(e.per_second, 1),
      pct(ceiling ? e.per_second / ceiling : null),
      times(perConn ? e.per_second / perConn : null),
      lat,
    ]);
  }
  out.push(
    table(
      [
        "throughput (messages/s)",
        "per second",
        "vs ceiling",
        "vs per-conn",
        "p50 / p95 event→sent, peak RSS",
      ],
      rows,
    ),
  );

  const cpu = [
    r.ceiling ? `ceiling ${r.ceiling.sender_cpu_ms_per_message} ms (sender only)` : null,
    ...(["e2e_pglite", "e2e_pg_1w", "e2e_pg_4w", "steady_pglite", "steady_pg"] as const)
      .filter((k) => r[k]?.worker_cpu_ms_per_message != null)
      .map(
        (k) =>
          `${k} ${r[k].worker_cpu_ms_per_message} ms${r[k].publisher_cpu_ms_per_event != null ? ` (+ ${r[k].publisher_cpu_ms_per_event} ms publishing)` : ""}`,
      ),
  ].filter(Boolean);
  if (cpu.length) out.push(`\nCPU per message (dispatching and sending processes): ${cpu.join("; ")}`);

  // Where the machine's CPU went, per message: on a machine with few cores this, not the
  // transport, bounds every line (the sink and the database share the cores).
  const accounted = (
    ["ceiling", "e2e_pglite", "e2e_pg_1w", "e2e_pg_4w", "steady_pglite", "steady_pg"] as const
  ).filter((k) => r[k]?.machine_ms_per_message != null);
  if (accounted.length) {
    const ms = (x: number | null | undefined) => (x == null ? "–" : `${fmt(x, 2)} ms`);
    out.push(
      "",
      table(
        [
          "CPU account (whole machine)",
          "busy per msg",
          "of which PostgreSQL",
          "of which sink",
          "cores allow",
        ],
        accounted.map((k) => [
          k,
          ms(r[k].machine_ms_per_message),
          ms(r[k].postgres_ms_per_message),
          ms(r[k].sink_ms_per_message),
          r[k].cpu_bound_per_second == null ? "–" : `${fmt(r[k].cpu_bound_per_second, 1)}/s`,
        ]),
      ),
    );
  }
  const steadyLines = (["steady_pg", "steady_pglite"] as const).filter((k) => r[k]);
  if (steadyLines.length) {
    const ms = (x: number | null | undefined) => (x == null ? "–" : `${fmt(x)} ms`);
    out.push(
      `\nSteady load: ${r.sender.steady.rate} events/s for ${r.sender.steady.seconds} s, each its own transaction (event → SMTP accepted)`,
      table(
        ["line", "p50 / p95 / p99", "max", "dispatch p50 / p95", "send p50 / p95", "machine CPU/msg, RSS"],
        steadyLines.map((k) => {
          const e = r[k];
          return [
            `${k}${e.complete ? "" : " (INCOMPLETE)"}`,
            `${fmt(e.p50_ms)} / ${fmt(e.p95_ms)} / ${fmt(e.p99_ms)} ms`,
            `${ms(e.max_ms)}${e.later_than_1s ? ` (${e.later_than_1s} > 1 s)` : ""}`,
            `${fmt(e.stages.dispatch.p50_ms)} / ${fmt(e.stages.dispatch.p95_ms)} ms`,
            `${fmt(e.stages.send.p50_ms)} / ${fmt(e.stages.send.p95_ms)} ms`,
            `${e.machine_ms_per_message == null ? "–" : `${fmt(e.machine_ms_per_message, 2)} ms`}, ${fmt(e.peak_rss_mb)} MB`,
          ];
        }),
      ),
    );
  }
  if (r.idle) {
    out.push(
      `\nIdle (npm start on PGlite, ${r.idle.seconds} s): ${fmt(r.idle.cpu_percent, 2)} % of one core, ` +
        `${fmt(r.idle.rss_mb)} MB RSS (${fmt(r.idle.rss_mb_at_start)} MB at the window's start, peak ${fmt(r.idle.peak_rss_mb)} MB)`,
    );
  }
  const backends = (["e2e_pg_1w", "e2e_pg_4w", "steady_pg"] as const).filter(
    (k) => r[k]?.postgres_backends_ms_per_message != null,
  );
  if (backends.length) {
    out.push(
      `PostgreSQL, the bench database's own backends per message: ${backends
        .map((k) => `${k} ${fmt(r[k].postgres_backends_ms_per_message, 2)} ms`)
        .join("; ")}`,
    );
  }
  if (Array.isArray(r.targets)) {
    out.push("\nTargets:");
    for (const t of r.targets as { name: string; value: unknown; met: boolean | null }[]) {
      const value = typeof t.value === "number" ? fmt(t.value, 2) : String(t.value);
      out.push(
        `  ${t.met === null ? "– not measured" : t.met ? "MET    " : "NOT MET"}  ${t.name} (${value})`,
      );
    }
  }
  if (r.templates) {
    out.push(
      `\nTemplate rendering (${r.templates.template}, ${r.templates.locale}, compile cache warm): ` +
        `${fmt(r.templates.per_second)} renders/s (${r.templates.mean_ms} ms each, ${fmt(r.templates.html_bytes)} B of HTML)` +
        ` beside the ceiling's ${fmt(ceiling, 1)} sends/s`,
    );
  }
  const s = r.scale;
  if (s) {
    const q = (label: string, e: { execution_ms: number; wall_ms: number }, limit?: number) =>
      [
        label,
        `${fmt(e.execution_ms, 2)} ms`,
        `${fmt(e.wall_ms, 2)} ms`,
        limit ? `${limit} ms` : "",
        limit ? (e.wall_ms <= limit && e.execution_ms <= limit ? "MET" : "NOT MET") : "",
      ] as Row;
    out.push(
      `\nScale: ${fmt(s.rows)} log rows (${fmt(s.reminders)} planned reminders) across ${s.clinics} clinics, loaded in ${s.setup_seconds} s`,
    );
    out.push(
      table(
        ["query", "server", "round trip", "target", ""],
        [
          q(`worker claim (limit ${s.claim.limit})`, s.claim, 10),
          q("log list, first page", s.log_list_first_page, 10),
          q("log list, total", s.log_list_total),
          q("log list by status, first page", s.log_list_first_page_by_status, 10),
          q("log list by status, total", s.log_list_total_by_status),
          [
            `replan ${fmt(s.replan.reminders)} reminders (hours_before 24 → 48)`,
            "",
            `${fmt(s.replan.seconds * 1000)} ms`,
            "2000 ms",
            s.replan.seconds <= 2 ? "MET" : "NOT MET",
          ],
        ],
      ),
    );
    const scans = (label: string, e: { plan: string[] }) =>
      `  ${label}: ${e.plan
        .filter((l) => /Scan|Sort\b|LockRows/.test(l))
        .map((l) =>
          l
            .trim()
            .replace(/\s+\(cost.*$/, "")
            .replace(/^->\s*/, ""),
        )
        .join(" → ")}`;
    out.push("plans:");
    out.push(scans("claim", s.claim));
    out.push(scans("first page", s.log_list_first_page));
    out.push(scans("total", s.log_list_total));
    out.push(scans("first page by status", s.log_list_first_page_by_status));
    out.push(scans("total by status", s.log_list_total_by_status));
    out.push(
      `memory (bench process RSS): ${s.memory_mb.at_start} MB at start, ${s.memory_mb.before_replan} before replan, ${s.memory_mb.at_end} at end`,
    );
  }
  return out.join("\n");
}
