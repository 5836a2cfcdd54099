// The dashboard page: loads the state (/api/state), applies the server's events
// (/api/events, server-sent) with the same rules as the server (model.ts applyEvent), and
// draws the module grid, the best pathways, the curves (uPlot, served with the page) and the
// results table. Plain browser JavaScript: nothing to build.

const SVG = 'http://www.w3.org/2000/svg';
const MAX_CURVE_POINTS = 1000;
const COLORS = ['#2f6fdf', '#e0533d', '#2a9d5c', '#9b59b6', '#f2a516', '#17a2b8', '#7f8c8d'];

/** @type {any} */
let state = null;
/** @type {EventSource | null} */
let source = null;
/** @type {{ chart: any, key: string } | null} */
let curves = null;
/** Throughput samples: [time ms, generations]. */
const samples = [];
let renderTimer = 0;

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const key = (seed, phase) => `${seed}\u0000${phase}`;

// ---- the state's rules (as model.ts) ----

function thin(curve) {
  if (curve.length <= MAX_CURVE_POINTS) return curve;
  const last = curve[curve.length - 1];
  const kept = curve.filter((_, i) => i % 2 === 0);
  if (kept[kept.length - 1] !== last) kept.push(last);
  return kept;
}

function phaseOf(seed, phase) {
  const k = key(seed, phase);
  if (!state.phases[k]) {
    state.phases[k] = { seed, phase, generation: 0, bestFitness: null, curve: [], done: false };
  }
  return state.phases[k];
}

function apply(event) {
  if (event.type === 'progress') {
    const p = phaseOf(event.seed, event.phase);
    p.generation = event.generation;
    p.bestFitness = event.bestFitness;
    p.curve.push([event.generation, event.bestFitness]);
    p.curve = thin(p.curve);
    if (event.population) {
      p.population = event.population;
      p.best = event.population.best;
    }
    if (event.frozen) p.frozen = event.frozen;
    state.generations += 1;
  } else if (event.type === 'phaseDone') {
    const p = phaseOf(event.seed, event.phase);
    p.done = true;
    if (event.best) p.best = event.best;
  } else if (event.type === 'row') {
    state.results.rows.push(event.cells);
  } else if (event.type === 'finished') {
    state.mode = 'finished';
    state.finishedAt = event.at;
  }
}

// ---- connection ----

async function load() {
  const response = await fetch('/api/state', { cache: 'no-store' });
  const body = await response.json();
  state = body.state;
  curves?.chart.destroy();
  curves = null;
  document.title = `${state.title} · PathNet dashboard`;
  $('title').textContent = state.title;
  if (state.mode === 'live') connect(body.lastEventId);
  render();
}

function connect(lastEventId) {
  source?.close();
  source = new EventSource(`/api/events?after=${lastEventId}`);
  source.addEventListener('update', (e) => {
    const event = JSON.parse(/** @type {MessageEvent} */ (e).data);
    apply(event);
    // The run is over: stop listening before the server goes, so the page keeps what it shows.
    if (event.type === 'finished') source?.close();
    scheduleRender();
  });
  source.addEventListener('reset', () => {
    source?.close();
    void load();
  });
  source.addEventListener('open', () => {
    $('status').textContent = 'running';
  });
  source.addEventListener('error', () => {
    if (state.mode === 'live') $('status').textContent = 'reconnecting…';
  });
}

function scheduleRender() {
  if (renderTimer) return;
  renderTimer = window.setTimeout(() => {
    renderTimer = 0;
    render();
  }, 150);
}

// ---- drawing ----

function el(name, attrs = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [a, v] of Object.entries(attrs)) node.setAttribute(a, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The module grid as SVG: usage as fill, best pathway as dots, frozen modules outlined. */
function gridSvg(usage, size, best, frozen, cell) {
  const { layers, modules } = state.grid;
  const pad = 18;
  const svg = el('svg', {
    width: pad + modules * cell + 4,
    height: layers * cell + 4,
    role: 'img',
  });
  const has = (pathway, l, m) => Boolean(pathway?.[l]?.includes(m));
  for (let l = 0; l < layers; l++) {
    // Layer 1 at the bottom, as the paper draws the grid (input below).
    const y = (layers - 1 - l) * cell + 2;
    svg.append(
      el('text', { x: 0, y: y + cell * 0.62, 'font-size': 10, fill: '#6b7385' }, `L${l + 1}`),
    );
    for (let m = 0; m < modules; m++) {
      const x = pad + m * cell + 2;
      const share = usage && size > 0 ? (usage[l]?.[m] ?? 0) / size : 0;
      const rect = el('rect', {
        x: x + 1,
        y: y + 1,
        width: cell - 2,
        height: cell - 2,
        rx: 3,
        fill: '#2f6fdf',
        'fill-opacity': (0.06 + 0.94 * share).toFixed(3),
        stroke: has(frozen, l, m) ? '#f2a516' : '#d9dde5',
        'stroke-width': has(frozen, l, m) ? 3 : 1,
        class: `module${has(frozen, l, m) ? ' frozen' : ''}`,
        'data-usage': usage ? (usage[l]?.[m] ?? 0) : '',
      });
      rect.append(
        el(
          'title',
          {},
          `layer ${l + 1}, module ${m}: ${usage ? `${usage[l]?.[m] ?? 0} of ${size}` : ''}`,
        ),
      );
      svg.append(rect);
      if (has(best, l, m)) {
        svg.append(
          el('circle', {
            cx: x + cell / 2,
            cy: y + cell / 2,
            r: cell * 0.16,
            fill: '#e0533d',
            class: 'best',
          }),
        );
      }
    }
  }
  return svg;
}

function phasesList() {
  return Object.values(state.phases);
}

function selectedSeed() {
  const chosen = /** @type {HTMLSelectElement} */ ($('seed-select')).value;
  if (chosen !== '') return Number(chosen);
  const all = phasesList();
  return all.length === 0 ? null : all[all.length - 1].seed;
}

function syncOptions(select, values, label) {
  const existing = new Set(Array.from(select.options, (o) => o.value));
  for (const v of values) {
    if (!existing.has(String(v))) select.append(new Option(label(v), String(v)));
  }
}

function renderGrid() {
  const box = $('grid');
  if (!state.grid) {
    box.textContent = 'no grid in this run';
    return;
  }
  const all = phasesList();
  const select = /** @type {HTMLSelectElement} */ ($('phase-select'));
  const names = [...new Set(all.map((p) => p.phase))];
  syncOptions(select, names, (v) => v);
  const name = select.value || all[all.length - 1]?.phase;
  const ofName = all.filter((p) => p.phase === name);
  const latest = ofName[ofName.length - 1];
  let usage = null;
  let size = 0;
  let caption = 'waiting for the first generation';
  if (latest?.population) {
    ({ usage, size } = latest.population);
    caption = `${name}, seed ${latest.seed}, generation ${latest.generation}: ${size} pathways`;
  } else if (ofName.some((p) => p.best)) {
    // A finished run: how many seeds' best pathways use each module.
    const bests = ofName.filter((p) => p.best).map((p) => p.best);
    usage = Array.from({ length: state.grid.layers }, (_, l) =>
      Array.from(
        { length: state.grid.modules },
        (_, m) => bests.filter((b) => b[l]?.includes(m)).length,
      ),
    );
    size = bests.length;
    caption = `${name}: best pathways of ${size} seed(s)`;
  }
  box.replaceChildren(gridSvg(usage, size, latest?.best, latest?.frozen, 34));
  const figure = document.createElement('p');
  figure.className = 'legend';
  figure.textContent = caption;
  box.append(figure);
  box.dataset.generation = String(state.generations);
}

function renderBest() {
  const box = $('best-pathways');
  const seed = selectedSeed();
  syncOptions(
    /** @type {HTMLSelectElement} */ ($('seed-select')),
    [...new Set(phasesList().map((p) => p.seed))],
    (v) => `seed ${v}`,
  );
  if (!state.grid || seed === null) return;
  const figures = phasesList()
    .filter((p) => p.seed === seed && p.best)
    .map((p) => {
      const figure = document.createElement('figure');
      const caption = document.createElement('figcaption');
      const fitness = p.bestFitness === null ? '' : `, best ${p.bestFitness.toFixed(3)}`;
      caption.textContent = `${p.phase}${p.done ? '' : ' (running)'}${fitness}`;
      figure.append(caption, gridSvg(null, 0, p.best, p.frozen, 16));
      return figure;
    });
  box.replaceChildren(...figures);
}

function renderCurves() {
  const box = $('curves');
  const seed = selectedSeed();
  const ofSeed = phasesList().filter((p) => p.seed === seed && p.curve.length > 0);
  // A results folder without curves (a continual run) has no chart.
  $('curves-section').hidden =
    state.mode === 'finished' && !phasesList().some((p) => p.curve.length > 0);
  if (ofSeed.length === 0) return;
  const generations = [...new Set(ofSeed.flatMap((p) => p.curve.map((c) => c[0])))].sort(
    (a, b) => a - b,
  );
  const index = new Map(generations.map((g, i) => [g, i]));
  const data = [generations];
  for (const p of ofSeed) {
    const ys = new Array(generations.length).fill(null);
    for (const [g, f] of p.curve) ys[index.get(g)] = f;
    data.push(ys);
  }
  const chartKey = `${seed}|${ofSeed.map((p) => p.phase).join('|')}`;
  if (!curves || curves.key !== chartKey) {
    curves?.chart.destroy();
    const width = Math.max(320, box.clientWidth || 480);
    const chart = new uPlot(
      {
        width,
        height: 260,
        title: `seed ${seed}`,
        scales: { x: { time: false } },
        axes: [{ label: 'generation' }, { label: 'best fitness' }],
        series: [
          { label: 'generation' },
          ...ofSeed.map((p, i) => ({
            label: p.phase,
            stroke: COLORS[i % COLORS.length],
            width: 2,
            spanGaps: true,
          })),
        ],
      },
      data,
      box,
    );
    curves = { chart, key: chartKey };
  } else {
    curves.chart.setData(data);
  }
  box.dataset.points = String(ofSeed.reduce((n, p) => n + p.curve.length, 0));
}

function renderTable() {
  const table = /** @type {HTMLTableElement} */ ($('results'));
  const head = document.createElement('tr');
  for (const c of state.results.columns) {
    const th = document.createElement('th');
    th.textContent = c;
    head.append(th);
  }
  table.tHead?.replaceChildren(head);
  const rows = state.results.rows.map((cells) => {
    const tr = document.createElement('tr');
    for (const c of cells) {
      const td = document.createElement('td');
      td.textContent = c === null ? '–' : String(c);
      tr.append(td);
    }
    return tr;
  });
  table.tBodies[0]?.replaceChildren(...rows);
}

function renderPictures() {
  const section = $('pictures-section');
  section.hidden = state.pictures.length === 0;
  const box = $('pictures');
  if (box.childElementCount === state.pictures.length) return;
  box.replaceChildren(
    ...state.pictures.map((name) => {
      const img = document.createElement('img');
      img.src = `/pictures/${encodeURIComponent(name)}`;
      img.alt = name;
      return img;
    }),
  );
}

function seconds(s) {
  if (!Number.isFinite(s)) return '–';
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

function renderStats() {
  const now = Date.now();
  const finished = state.mode === 'finished';
  $('status').textContent = finished
    ? state.startedAt === null
      ? 'finished (results folder)'
      : 'finished'
    : source?.readyState === EventSource.OPEN
      ? 'running'
      : $('status').textContent;
  const plan = state.plan;
  if (plan && plan.maxGenerations > 0) {
    const total = plan.seeds * plan.phasesPerSeed * plan.maxGenerations;
    const done = phasesList().reduce(
      (n, p) => n + (p.done ? plan.maxGenerations : p.generation),
      0,
    );
    const fraction = Math.min(1, done / total);
    const phasesDone = phasesList().filter((p) => p.done).length;
    $('progress').textContent =
      `${phasesDone} of ${plan.seeds * plan.phasesPerSeed} phases, ${state.results.rows.length} of ${plan.seeds} seeds`;
    const elapsed = ((state.finishedAt ?? now) - (state.startedAt ?? now)) / 1000;
    $('eta').textContent = finished
      ? `done in ${seconds(elapsed)}`
      : fraction > 0
        ? `≤ ${seconds((elapsed * (1 - fraction)) / fraction)}`
        : '–';
  } else {
    $('progress').textContent = `${state.results.rows.length} records`;
  }
  samples.push([now, state.generations]);
  while (samples.length > 2 && now - samples[0][0] > 10000) samples.shift();
  const [t0, g0] = samples[0];
  if (!finished && now - t0 > 500) {
    $('rate').textContent =
      `${((state.generations - g0) / ((now - t0) / 1000)).toFixed(1)} generations/s`;
  } else if (finished) {
    $('rate').textContent = `${state.generations} generations`;
  }
}

function render() {
  if (!state) return;
  renderStats();
  renderGrid();
  renderBest();
  renderCurves();
  renderTable();
  renderPictures();
}

$('phase-select').addEventListener('change', render);
$('seed-select').addEventListener('change', () => {
  curves?.chart.destroy();
  curves = null;
  render();
});
// ETA and throughput move with the clock too.
window.setInterval(() => state?.mode === 'live' && renderStats(), 1000);
void load();
