/**
 * A matching round: each mentee gets at most one mentor, each mentor at most its free places
 * (capacity - activeCount), hard filters respected, total score maximal.
 *
 * Model: min-cost flow with cost = -score on mentee → mentor edges, plus a mentee → sink edge of
 * cost 0 ("stays unassigned"). Every mentee then sends one unit, either through a mentor or
 * straight to the sink, and the min-cost flow is exactly a maximum-total-score assignment (not a
 * maximum-cardinality one: a mentee is only assigned when that raises the total). Mentees are
 * added one at a time; each time a Dijkstra search with node potentials (reduced costs are kept
 * non-negative) finds the cheapest augmenting path from the new mentee to the sink — possibly
 * moving already-assigned mentees to other mentors or back to unassigned — which keeps the flow
 * optimal for the mentees added so far (successive shortest paths). The search stops as soon as
 * the sink is settled, and potentials are updated with min(dist, dist(sink)), which keeps them
 * valid; most searches touch only a few nodes.
 *
 * Candidate graph: each mentee only gets edges to its best L feasible mentors (from the index,
 * L = candidatesPerMentee, default 25), which keeps 10k mentees × 2k mentors at 250k edges instead
 * of 20M. The result is optimal over that candidate graph; it is the exact optimum whenever L is
 * at least the number of feasible mentors of every mentee (tests check this against brute force).
 * A mentee losing out on all of its top L is left unassigned even if some lower-ranked mentor
 * had a free place — in practice rare with L well above the number of suggestions people see.
 *
 * Cost: O(n · L) candidate edges built through the index, then one search per mentee, each
 * O(E' log V') over the part of the residual graph it explores (O(E log V) worst case).
 *
 * `roundSteps` is the same computation as a generator that yields after each mentee (ranking,
 * then solving; before that, indexing, a step per profile digested), so a caller can spread a
 * large round over many turns of its event loop (services/round.ts) instead of blocking it;
 * `runRound` runs it to the end in one go. `liveRoundSteps` is the same round ranked from a
 * server's LiveIndex (the bot's path): no index of its own, candidates scored as suggestions are.
 */
import { runSteps } from "./features.js";
import { buildIndexSteps } from "./index-search.js";
import type { LiveIndex } from "./live-index.js";
import type { IsBlocked, MenteeInput, MentorInput, QueryOptions, RoundResult, Weights } from "./types.js";

export interface RoundOptions {
  mentors: readonly MentorInput[];
  mentees: readonly MenteeInput[];
  weights?: Partial<Weights>;
  isBlocked?: IsBlocked;
  /** Pairs scoring below this are never assigned (default 0; zero-score pairs never are). */
  minScore?: number;
  /** Candidate mentors per mentee (L); see the note on optimality above. */
  candidatesPerMentee?: number;
  /**
   * Only assign pairs with minimum evidence (PairScore.strong), as suggestions do by default.
   * Off by default: a round keeps its former behaviour of assigning any positive-score pair.
   */
  strongOnly?: boolean;
}

export const DEFAULT_CANDIDATES_PER_MENTEE = 25;

export function runRound(options: RoundOptions): RoundResult {
  return runSteps(roundSteps(options));
}

/** Where a round is: "indexing" the profiles, then "ranking" mentee `done` of `of`, then "solving" mentee `done` of `of`. */
export interface RoundProgress {
  stage: "indexing" | "ranking" | "solving";
  done: number;
  of: number;
}

/** runRound, one mentee per step (see the file comment); the generator's return value is the result. */
export function* roundSteps(options: RoundOptions): Generator<RoundProgress, RoundResult, void> {
  const building = buildIndexSteps({ mentors: options.mentors, mentees: options.mentees, weights: options.weights });
  const of = options.mentors.length + options.mentees.length;
  let built = building.next();
  for (let done = 1; built.done !== true; done++) {
    yield { stage: "indexing", done: Math.min(done, of), of };
    built = building.next();
  }
  const index = built.value;
  // Mentees in index row order (grouped by industry and stage), mentors by index row.
  const strongOnly = options.strongOnly === true;
  const freePlaces = new Int32Array(index.mentorCount);
  for (let row = 0; row < index.mentorCount; row++) freePlaces[row] = index.freePlaces(row);
  const assignment = yield* assignSteps(
    {
      mentees: index.menteeCount,
      freePlaces,
      rank: (row, k) => index.rankMentorRows(row, k, options.isBlocked, strongOnly).map(({ row: mentor, score }) => ({ mentor, score })),
    },
    options,
  );
  // Reported in input order.
  return resultOf(
    options.mentees.map(({ id }) => id),
    (i) => index.menteeRowOf(options.mentees[i]?.id ?? "") ?? -1,
    (row) => index.mentorIdOf(row),
    assignment,
  );
}

export interface LiveRoundOptions {
  /** The server's live index: the round ranks from it (current profiles, its IDF). */
  index: LiveIndex;
  /** The mentees waiting, in the order they are reported (and solved). */
  menteeIds: readonly string[];
  isBlocked?: IsBlocked;
  minScore?: number;
  candidatesPerMentee?: number;
  strongOnly?: boolean;
}

/**
 * A round ranked from a live index instead of an index of its own: no second copy of the
 * server's profiles, and proposals scored as the server's suggestions are. The mentors are those
 * available with free places when it starts (their free places then are the capacities); each
 * mentee's candidates are its best mentors in the index when it is ranked (the index keeps
 * taking updates meanwhile; a mentee removed by then gets none, and a mentor removed after being
 * ranked is the saver's to skip). Candidate lists, solving and result are those of roundSteps.
 */
export function* liveRoundSteps(options: LiveRoundOptions): Generator<RoundProgress, RoundResult, void> {
  const mentorIds: string[] = [];
  const places: number[] = [];
  const mentorOf = new Map<string, number>();
  // The mentors with free places, in steps too (100k mentors are a few tens of ms).
  const starting: RoundProgress = { stage: "ranking", done: 0, of: options.menteeIds.length };
  let seen = 0;
  for (const mentor of options.index.mentorInputs()) {
    if ((++seen & 4095) === 0) yield starting;
    const free = freePlacesOf(mentor);
    if (free === 0) continue;
    mentorOf.set(mentor.id, mentorIds.length);
    mentorIds.push(mentor.id);
    places.push(free);
  }
  const queryOptions: QueryOptions = { isBlocked: options.isBlocked, includeWeak: options.strongOnly !== true };
  const assignment = yield* assignSteps(
    {
      mentees: options.menteeIds.length,
      freePlaces: Int32Array.from(places),
      rank: (i, k) => {
        const ranked: { mentor: number; score: number }[] = [];
        const menteeId = options.menteeIds[i] ?? "";
        // A mentee removed from the index since the round started is not placed.
        if (!options.index.hasMentee(menteeId)) return ranked;
        for (const { mentorId, score } of options.index.topMentorScores(menteeId, k, queryOptions)) {
          // A mentor who had no free place at the start is not in this round.
          const mentor = mentorOf.get(mentorId);
          if (mentor !== undefined) ranked.push({ mentor, score });
        }
        return ranked;
      },
    },
    options,
  );
  return resultOf(options.menteeIds, (i) => i, (j) => mentorIds[j] ?? "", assignment);
}

/** The places a round may fill with this mentor: capacity - activeCount, at least 0; 0 when unavailable. */
export function freePlacesOf(mentor: MentorInput): number {
  return mentor.available ? Math.max(0, mentor.capacity - (mentor.activeCount ?? 0)) : 0;
}

/** What a round ranks: mentees 0..n-1, mentors 0..m-1 with their free places, a mentee's best k mentors. */
interface RoundSource {
  mentees: number;
  freePlaces: Int32Array;
  rank(mentee: number, k: number): readonly { mentor: number; score: number }[];
}

function* assignSteps(source: RoundSource, options: { minScore?: number; candidatesPerMentee?: number }): Generator<RoundProgress, Assignment, void> {
  const graph = yield* candidateGraph(source, options);
  return yield* solveAssignmentSteps(graph);
}

function resultOf(menteeIds: readonly string[], menteeOf: (i: number) => number, mentorIdOf: (mentor: number) => string, assignment: Assignment): RoundResult {
  const assignments: RoundResult["assignments"] = [];
  const unassigned: string[] = [];
  let totalScore = 0;
  for (let i = 0; i < menteeIds.length; i++) {
    const menteeId = menteeIds[i] ?? "";
    const mentee = menteeOf(i);
    const mentor = assignment.mentorOf[mentee] ?? -1;
    if (mentor < 0) {
      unassigned.push(menteeId);
    } else {
      const score = assignment.scoreOf[mentee] ?? 0;
      assignments.push({ menteeId, mentorId: mentorIdOf(mentor), score });
      totalScore += score;
    }
  }
  return { assignments, unassigned, totalScore };
}

/** Bipartite candidate graph in CSR form: mentee i's edges are [start[i], start[i + 1]). */
export interface CandidateGraph {
  mentees: number;
  mentors: number;
  start: Int32Array;
  mentor: Int32Array;
  score: Float64Array;
  /** Free places per mentor. */
  capacity: Int32Array;
}

function* candidateGraph(source: RoundSource, options: { minScore?: number; candidatesPerMentee?: number }): Generator<RoundProgress, CandidateGraph, void> {
  const limit = options.candidatesPerMentee ?? DEFAULT_CANDIDATES_PER_MENTEE;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`candidatesPerMentee must be a positive integer, got ${limit}`);
  const minScore = options.minScore ?? 0;
  const mentees = source.mentees;
  const start = new Int32Array(mentees + 1);
  // Edges in typed arrays of the largest size they can need (mentees × L), allocated once: in a
  // 100k + 100k benchmark round, 89.8k mentees × 25 = 27 MB for about 2.2M edges used. Grown by
  // doubling they reached 4.2M edges, 50 MB, and 75 MB while the last doubling copied them (RSS
  // went up 24 MB as it did).
  const mentor = new Int32Array(mentees * limit);
  const score = new Float64Array(mentor.length);
  let edges = 0;
  for (let i = 0; i < mentees; i++) {
    const to = edges + limit;
    for (const candidate of source.rank(i, limit)) {
      if (candidate.score <= 0 || candidate.score < minScore) continue;
      if (edges === to) break; // never more than L (the arrays hold mentees × L)
      mentor[edges] = candidate.mentor;
      score[edges] = candidate.score;
      edges++;
    }
    start[i + 1] = edges;
    yield { stage: "ranking", done: i + 1, of: mentees };
  }
  return { mentees, mentors: source.freePlaces.length, start, mentor: mentor.subarray(0, edges), score: score.subarray(0, edges), capacity: source.freePlaces };
}

export interface Assignment {
  /** Mentor row per mentee row, -1 when unassigned. */
  mentorOf: Int32Array;
  scoreOf: Float64Array;
}

/** Maximum-total-score assignment over a candidate graph (see the file comment). */
export function solveAssignment(graph: CandidateGraph): Assignment {
  return runSteps(solveAssignmentSteps(graph));
}

function* solveAssignmentSteps(graph: CandidateGraph): Generator<RoundProgress, Assignment, void> {
  const n = graph.mentees;
  const m = graph.mentors;
  const sink = n + m;
  const nodes = n + m + 1;
  const mentorOf = new Int32Array(n).fill(-1);
  const scoreOf = new Float64Array(n);
  const members = new MemberLists(n, m);
  // Potentials (node numbering: mentees, then mentors, then the sink).
  const potential = new Float64Array(nodes);
  const dist = new Float64Array(nodes).fill(Infinity);
  const parent = new Int32Array(nodes).fill(-1);
  const settled: number[] = [];
  const reached: number[] = [];
  const heap = new NodeHeap();

  const relax = (from: number, to: number, reducedCost: number, dFrom: number): void => {
    const d = dFrom + (reducedCost > 0 ? reducedCost : 0); // clamp float noise
    if (d < (dist[to] ?? Infinity)) {
      if (dist[to] === Infinity) reached.push(to);
      dist[to] = d;
      parent[to] = from;
      heap.push(d, to);
    }
  };

  for (let r = 0; r < n; r++) {
    const from = graph.start[r] ?? 0;
    const to = graph.start[r + 1] ?? 0;
    if (from === to) continue;
    // Make the new mentee's edges non-negative: π(r) ≥ π(j) + s_rj and ≥ π(sink).
    let pr = potential[sink] ?? 0;
    for (let e = from; e < to; e++) pr = Math.max(pr, (potential[n + (graph.mentor[e] ?? 0)] ?? 0) + (graph.score[e] ?? 0));
    potential[r] = pr;

    dist[r] = 0;
    reached.push(r);
    heap.push(0, r);
    while (heap.size > 0) {
      const { key: d, node: u } = heap.pop();
      if (d > (dist[u] ?? Infinity)) continue;
      if (u === sink) break;
      settled.push(u);
      const pu = potential[u] ?? 0;
      if (u < n) {
        // Mentee: to any candidate mentor but its own, or out to "unassigned".
        const current = mentorOf[u] ?? -1;
        const eFrom = graph.start[u] ?? 0;
        const eTo = graph.start[u + 1] ?? 0;
        for (let e = eFrom; e < eTo; e++) {
          const j = graph.mentor[e] ?? 0;
          if (j === current) continue;
          relax(u, n + j, -(graph.score[e] ?? 0) + pu - (potential[n + j] ?? 0), d);
        }
        if (u === r || current >= 0) relax(u, sink, pu - (potential[sink] ?? 0), d);
      } else {
        // Mentor: a free place, or push one of its mentees elsewhere.
        const j = u - n;
        if (members.count(j) < (graph.capacity[j] ?? 0)) relax(u, sink, pu - (potential[sink] ?? 0), d);
        for (let i = members.first(j); i >= 0; i = members.next(i)) relax(u, i, (scoreOf[i] ?? 0) + pu - (potential[i] ?? 0), d);
      }
    }
    heap.clear();

    const dSink = dist[sink] ?? Infinity;
    // π'(v) = π(v) + min(dist(v), dist(sink)) keeps every reduced cost non-negative even though
    // the search stopped early. Only differences of potentials matter, so instead of adding
    // dist(sink) to every node we subtract (dist(sink) - dist(v)) from the settled ones.
    for (const v of settled) potential[v] = (potential[v] ?? 0) + (dist[v] ?? 0) - dSink;
    augment(r, sink, n, parent, mentorOf, scoreOf, members, graph);

    for (const v of reached) {
      dist[v] = Infinity;
      parent[v] = -1;
    }
    reached.length = 0;
    settled.length = 0;
    yield { stage: "solving", done: r + 1, of: n };
  }
  return { mentorOf, scoreOf };
}

/** Apply the path found (followed backwards from the sink). */
function augment(
  r: number,
  sink: number,
  n: number,
  parent: Int32Array,
  mentorOf: Int32Array,
  scoreOf: Float64Array,
  members: MemberLists,
  graph: CandidateGraph,
): void {
  let v = sink;
  while (v !== r) {
    const u = parent[v] ?? -1;
    if (u < 0) throw new Error("round: broken augmenting path");
    // Walking back from the sink, a mentee's move away from its old mentor is seen (u → v)
    // before the edge from that mentor to it: it leaves the old mentor's list here, at once, as
    // the lists link each mentee into one list at a time.
    if (u < n && v === sink) {
      // A mentee pushed out to "unassigned".
      if (u !== r) {
        members.remove(mentorOf[u] ?? -1, u);
        mentorOf[u] = -1;
        scoreOf[u] = 0;
      }
    } else if (u < n) {
      const j = v - n;
      const old = mentorOf[u] ?? -1;
      if (old >= 0) members.remove(old, u);
      mentorOf[u] = j;
      scoreOf[u] = edgeScore(graph, u, j);
      members.append(j, u);
    }
    // A mentor → mentee edge (the mentee moved on, handled above) or mentor → sink (a free place) changes no list.
    v = u;
  }
}

function edgeScore(graph: CandidateGraph, mentee: number, mentor: number): number {
  for (let e = graph.start[mentee] ?? 0; e < (graph.start[mentee + 1] ?? 0); e++) {
    if (graph.mentor[e] === mentor) return graph.score[e] ?? 0;
  }
  throw new Error("round: edge not in the candidate graph");
}

/**
 * The mentees assigned to each mentor, in the order they were assigned: a linked list per mentor
 * in typed arrays. (An array per mentor was about 180 bytes each once it held a mentee: 16 MB at
 * 88k mentors in a 100k round, garbage the moment the round was solved.)
 */
class MemberLists {
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  private readonly size: Int32Array;
  private readonly after: Int32Array;

  constructor(mentees: number, mentors: number) {
    this.head = new Int32Array(mentors).fill(-1);
    this.tail = new Int32Array(mentors).fill(-1);
    this.size = new Int32Array(mentors);
    this.after = new Int32Array(mentees).fill(-1);
  }

  count(mentor: number): number {
    return this.size[mentor] ?? 0;
  }

  /** The mentor's first mentee, -1 for none; then `next` until -1. */
  first(mentor: number): number {
    return this.head[mentor] ?? -1;
  }

  next(mentee: number): number {
    return this.after[mentee] ?? -1;
  }

  append(mentor: number, mentee: number): void {
    this.after[mentee] = -1;
    const last = this.tail[mentor] ?? -1;
    if (last < 0) this.head[mentor] = mentee;
    else this.after[last] = mentee;
    this.tail[mentor] = mentee;
    this.size[mentor] = (this.size[mentor] ?? 0) + 1;
  }

  remove(mentor: number, mentee: number): void {
    let previous = -1;
    for (let i = this.first(mentor); i >= 0; previous = i, i = this.next(i)) {
      if (i !== mentee) continue;
      const following = this.next(i);
      if (previous < 0) this.head[mentor] = following;
      else this.after[previous] = following;
      if (this.tail[mentor] === mentee) this.tail[mentor] = previous;
      this.size[mentor] = (this.size[mentor] ?? 0) - 1;
      this.after[mentee] = -1;
      return;
    }
    throw new Error("round: mentee not with its mentor");
  }
}

/** Binary min-heap of (key, node) with lazy deletion (stale entries are skipped by the caller). */
class NodeHeap {
  private keys = new Float64Array(1024);
  private nodes = new Int32Array(1024);
  size = 0;

  push(key: number, node: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      this.keys = keys;
      const nodes = new Int32Array(this.size * 2);
      nodes.set(this.nodes);
      this.nodes = nodes;
    }
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((this.keys[p] ?? 0) <= key) break;
      this.keys[i] = this.keys[p] ?? 0;
      this.nodes[i] = this.nodes[p] ?? 0;
      i = p;
    }
    this.keys[i] = key;
    this.nodes[i] = node;
  }

  pop(): { key: number; node: number } {
    const top = { key: this.keys[0] ?? 0, node: this.nodes[0] ?? 0 };
    const key = this.keys[--this.size] ?? 0;
    const node = this.nodes[this.size] ?? 0;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= this.size) break;
      if (c + 1 < this.size && (this.keys[c + 1] ?? 0) < (this.keys[c] ?? 0)) c++;
      if ((this.keys[c] ?? 0) >= key) break;
      this.keys[i] = this.keys[c] ?? 0;
      this.nodes[i] = this.nodes[c] ?? 0;
      i = c;
    }
    this.keys[i] = key;
    this.nodes[i] = node;
    return top;
  }

  clear(): void {
    this.size = 0;
  }
}
