// The regional dashboard: the map and beds of every hospital, overdue reporters, the transfer
// board, a hospital's offers to answer and a plan's progress, kept live by the gateway's
// Server-Sent Events. Every figure comes from the REST API with the user's own token, so each
// user sees exactly what the API lets them see. Text from the API is only ever set as text.
import { Session } from './auth.js';
import { Api } from './api.js';

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
const DECLINE_REASONS = ['NO_BED', 'NO_STAFF', 'CARE_LEVEL_NOT_AVAILABLE', 'EQUIPMENT_UNAVAILABLE', 'PATIENT_CONDITION', 'OTHER'];
const CLOSED_OFFER_KINDS = ['WITHDRAWN', 'EXPIRED', 'ACCEPTED', 'DECLINED', 'DEFERRED'];

const region = new Map();
let regionAsOf = null;
let staleAfterSeconds = null;
const offers = new Map();

function element(namespace, tag, attributes, children) {
  const node = namespace ? document.createElementNS(namespace, tag) : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'style') node.style.cssText = value; // through the CSSOM: the page's CSP allows no inline style
    else node.setAttribute(name, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child !== undefined && child !== null && child !== false) node.append(child);
  }
  return node;
}
const h = (tag, attributes, ...children) => element(null, tag, attributes, children);
const svg = (tag, attributes, ...children) => element(SVG, tag, attributes, children);

function showError(error) {
  $('error').textContent = error.message || String(error);
  $('error').hidden = false;
}

function streamState(name, state, error) {
  let badge = document.querySelector(`#links [data-stream="${name}"]`);
  if (!badge) {
    badge = h('span', { 'data-stream': name });
    $('links').append(badge);
  }
  badge.className = state;
  badge.textContent = `${name}: ${state}`;
  badge.title = error ? error.message : '';
  if (state === 'refused' && error) showError(error);
}

function ago(instant) {
  if (!instant) return 'never';
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(instant)) / 1000));
  if (seconds < 90) return `${seconds} s ago`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

function lastReport(picture) {
  return picture.categories.map((c) => c.freshness && c.freshness.reportedAt).filter(Boolean).sort().pop();
}

function isStale(picture) {
  const reported = lastReport(picture);
  if (!reported) return true;
  if (staleAfterSeconds !== null) return Date.now() - Date.parse(reported) > staleAfterSeconds * 1000;
  return picture.categories.every((c) => !c.freshness || c.freshness.stale);
}

function shortName(name) {
  return name.replace(/^Centre hospitalier (universitaire )?(de |d')/i, 'CH ').slice(0, 26);
}

function hospitalName(hospitalId) {
  const picture = region.get(hospitalId);
  return picture ? picture.hospital.name : hospitalId;
}

// ---- the region: map and beds -------------------------------------------------------------

function renderMap(changed) {
  const map = $('map');
  const pictures = [...region.values()];
  map.replaceChildren();
  if (!pictures.length) return;
  // An equirectangular plot, x shrunk by cos(latitude): good enough at a region's scale, and
  // drawn from the hospitals' own coordinates with no tile server.
  const meanLatitude = pictures.reduce((sum, p) => sum + p.hospital.latitude, 0) / pictures.length;
  const kx = Math.cos(meanLatitude * Math.PI / 180);
  const xs = pictures.map((p) => p.hospital.longitude * kx);
  const ys = pictures.map((p) => p.hospital.latitude);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const [width, height, margin] = [640, 420, 40];
  const scale = Math.min((width - 2 * margin) / ((maxX - minX) || 1), (height - 2 * margin) / ((maxY - minY) || 1));
  const offsetX = (width - (maxX - minX) * scale) / 2;
  const offsetY = (height - (maxY - minY) * scale) / 2;
  const labels = [];
  for (const picture of pictures.sort((a, b) => a.hospital.name.localeCompare(b.hospital.name))) {
    const x = offsetX + (picture.hospital.longitude * kx - minX) * scale;
    const y = height - offsetY - (picture.hospital.latitude - minY) * scale;
    const status = picture.status || {};
    const free = picture.categories.reduce((sum, c) => sum + c.effectiveAvailable, 0);
    const classes = [status.facilityStatus || 'NORMAL', 'ed-' + (status.emergencyDepartmentStatus || 'NORMAL'),
      isStale(picture) ? 'stale' : '', changed === picture.hospital.hospitalId ? 'flash' : ''].join(' ').trim();
    // A label only where it does not cover another one; every point has its tooltip.
    const text = `${shortName(picture.hospital.name)} (${free})`;
    const leftward = x > width * 0.6;
    const box = leftward ? [x - 14 - text.length * 6.6, x + 10] : [x - 10, x + 14 + text.length * 6.6];
    const labelled = !labels.some(([left, right, ly]) => left < box[1] && box[0] < right && Math.abs(ly - y) < 14);
    if (labelled) labels.push([box[0], box[1], y]);
    map.append(svg('g', { 'data-hospital-id': picture.hospital.hospitalId },
      svg('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: 9, class: classes },
        svg('title', {}, `${picture.hospital.name}: facility ${status.facilityStatus}, emergency department `
          + `${status.emergencyDepartmentStatus}, ${free} beds free after holds, reported ${ago(lastReport(picture))}`)),
      labelled && svg('text', { x: (x + (leftward ? -12 : 12)).toFixed(1), y: (y + 4).toFixed(1),
        'text-anchor': leftward ? 'end' : 'start' }, text)));
  }
  $('as-of').textContent = regionAsOf ? `as of ${new Date(regionAsOf).toLocaleTimeString()}, ${pictures.length} hospitals` : '';
}

function statusBadges(reported) {
  const status = reported || {}; // a hospital that never reported its status
  const badges = [];
  if (status.facilityStatus && status.facilityStatus !== 'NORMAL') {
    badges.push(h('span', { class: `badge ${status.facilityStatus}` }, status.facilityStatus.toLowerCase()));
  }
  if (status.emergencyDepartmentStatus === 'CLOSED' || status.emergencyDepartmentStatus === 'ADVISORY') {
    badges.push(h('span', { class: `badge ${status.emergencyDepartmentStatus === 'CLOSED' ? 'bad' : 'warn'}`,
      title: status.emergencyDepartmentReason || '' }, `ED ${status.emergencyDepartmentStatus.toLowerCase()}`));
  }
  if (status.crisisPlanLevel && status.crisisPlanLevel !== 'NONE') {
    badges.push(h('span', { class: 'badge warn' }, status.crisisPlanLevel.replace(/_/g, ' ').toLowerCase()));
  }
  return badges.length ? badges : ['normal'];
}

function bedRows(picture) {
  return picture.categories.map((c) => {
    const staffed = Math.max(c.beds.staffed, 1);
    const percent = (n) => `width:${(100 * n / staffed).toFixed(1)}%`;
    const held = Math.min(c.held, c.beds.available);
    return [
      h('span', {}, c.beds.category.replace(/_/g, ' ').toLowerCase()),
      h('span', { class: 'bar', role: 'img', 'aria-label': `${c.beds.occupied} occupied, ${held} held, ${c.effectiveAvailable} free` },
        h('span', { class: 'occupied', style: percent(c.beds.occupied) }),
        h('span', { class: 'held', style: percent(held) }),
        h('span', { class: 'free', style: percent(c.effectiveAvailable) })),
      h('span', { class: 'free-count', 'data-category': c.beds.category },
        `${c.effectiveAvailable} / ${c.beds.staffed}`, c.held ? ` (${c.held} held)` : ''),
    ];
  });
}

function renderCapacity() {
  const rows = [...region.values()].sort((a, b) => a.hospital.name.localeCompare(b.hospital.name)).map((picture) =>
    h('tr', { 'data-hospital-id': picture.hospital.hospitalId, class: isStale(picture) ? 'stale' : '' },
      h('th', { scope: 'row' }, picture.hospital.name, h('div', { class: 'muted' }, picture.hospital.hospitalId)),
      h('td', {}, statusBadges(picture.status)),
      h('td', {}, ago(lastReport(picture))),
      h('td', {}, h('div', { class: 'beds' }, bedRows(picture)))));
  document.querySelector('#capacity tbody').replaceChildren(...rows);
}

function renderRegion(changed) {
  renderMap(changed);
  renderCapacity();
  refreshHospitalChoice();
}

function followRegion(api) {
  api.follow('/api/v1/region/events', {
    onState: (state, error) => streamState('region', state, error),
    onEvent: (name, data) => {
      if (name === 'snapshot') {
        region.clear();
        data.hospitals.forEach((p) => region.set(p.hospital.hospitalId, p));
        regionAsOf = data.asOf;
        renderRegion();
        scheduleBoardRefresh(); // its items name hospitals
      } else if (name === 'change') {
        if (data.kind === 'HOSPITAL_RETIRED') region.delete(data.hospital.hospital.hospitalId);
        else region.set(data.hospital.hospital.hospitalId, data.hospital);
        regionAsOf = data.occurredAt;
        renderRegion(data.hospital.hospital.hospitalId);
      }
    },
  });
}

async function refreshOverdue(api) {
  try {
    const overdue = await api.call('/api/v1/hospitals/overdue');
    staleAfterSeconds = overdue.staleAfterSeconds;
    $('overdue').replaceChildren(...(overdue.hospitals.length ? overdue.hospitals.map((o) =>
      h('li', { 'data-hospital-id': o.hospital.hospitalId },
        `${o.hospital.name}: last report ${ago(o.lastReportedAt)}`)) : [h('li', { class: 'muted' }, 'every hospital reported in time')]));
    renderRegion();
  } catch (error) {
    showError(error);
  }
}

// ---- offers made to a hospital --------------------------------------------------------------

let offerStream = null;

function renderOffers(api) {
  const items = [...offers.values()].sort((a, b) => (a.open === b.open ? b.at.localeCompare(a.at) : a.open ? -1 : 1)).slice(0, 40);
  $('offers').replaceChildren(...(items.length ? items.map((entry) => offerItem(api, entry))
    : [h('li', { class: 'muted' }, 'no offer')]));
}

function offerItem(api, entry) {
  const decide = entry.offer;
  const offer = decide.offer;
  const origin = decide.origin && decide.origin.hospitalId ? hospitalName(decide.origin.hospitalId) : 'a SMUR crew in the field';
  const item = h('li', { 'data-offer-id': offer.offerId, class: entry.open ? 'open' : 'closed' },
    h('strong', {}, `${decide.bedCategory.replace(/_/g, ' ').toLowerCase()} - ${decide.acuity.toLowerCase()} - ${decide.ageBand.toLowerCase()}`),
    h('span', {}, `patient ${decide.patientReference} from ${origin}, ${offer.travelMinutes} min away`,
      decide.requiredCapabilities && decide.requiredCapabilities.length ? `, needs ${decide.requiredCapabilities.join(', ')}` : ''));
  if (!entry.open) {
    item.append(h('span', { class: 'outcome' }, entry.kind.toLowerCase()));
    return item;
  }
  item.append(h('span', { class: 'muted' }, `answer by ${new Date(offer.deadline).toLocaleTimeString()}`));
  const reason = h('select', { 'aria-label': 'reason to decline' }, DECLINE_REASONS.map((r) => h('option', { value: r }, r.replace(/_/g, ' ').toLowerCase())));
  const answer = (body) => async (event) => {
    event.target.disabled = true;
    try {
      await api.call(`/api/v1/offers/${encodeURIComponent(offer.offerId)}/answer`, { method: 'POST', body });
    } catch (error) {
      showError(error);
      event.target.disabled = false;
    }
  };
  item.append(h('div', { class: 'actions' },
    h('button', { type: 'button', class: 'accept', onclick: answer({ answer: 'ACCEPT' }) }, 'Accept'),
    reason,
    h('button', { type: 'button', class: 'decline', onclick: (event) => answer({ answer: 'DECLINE', declineReason: reason.value })(event) }, 'Decline')));
  return item;
}

function followOffers(api, hospitalId) {
  if (offerStream) offerStream.close();
  offers.clear();
  $('offers-hospital').textContent = hospitalName(hospitalId);
  renderOffers(api);
  offerStream = api.follow(`/api/v1/offers/events?hospitalId=${encodeURIComponent(hospitalId)}`, {
    onState: (state, error) => streamState('offers', state, error),
    onEvent: (name, data) => {
      if (name === 'resync') {
        offers.clear();
      } else if (name === 'offer') {
        const closed = CLOSED_OFFER_KINDS.includes(data.kind) || data.offer.offer.status !== 'OPEN';
        offers.set(data.offer.offer.offerId, { offer: data.offer, kind: data.kind, open: !closed, at: data.occurredAt });
        scheduleBoardRefresh();
      }
      renderOffers(api);
    },
  });
}

let chosenHospital = null;

function refreshHospitalChoice() {
  const select = $('offers-hospital-select');
  if ($('offers-pick').hidden || select.options.length === region.size + 1) return;
  const pictures = [...region.values()].sort((a, b) => a.hospital.name.localeCompare(b.hospital.name));
  select.replaceChildren(h('option', { value: '' }, 'choose a hospital'),
    ...pictures.map((p) => h('option', { value: p.hospital.hospitalId, selected: p.hospital.hospitalId === chosenHospital ? 'selected' : null },
      p.hospital.name)));
}

function setUpOffers(api, session) {
  $('offers-panel').hidden = false;
  if (session.hospitalId) {
    followOffers(api, session.hospitalId);
    return;
  }
  // A coordinator answers on behalf of a hospital it chooses.
  $('offers-pick').hidden = false;
  $('offers-hospital').textContent = 'a hospital';
  $('offers-hospital-select').addEventListener('change', (event) => {
    chosenHospital = event.target.value;
    if (chosenHospital) followOffers(api, chosenHospital);
  });
}

// ---- the transfer board -----------------------------------------------------------------------

const BOARD = {
  'board-negotiating': ['REQUESTED', 'NEGOTIATING'],
  'board-unplaced': ['UNPLACED'],
  'board-underway': ['ACCEPTED', 'TRANSPORT_ASSIGNED', 'IN_TRANSIT'],
};
let boardApi = null;
let boardTimer = null;

function scheduleBoardRefresh() {
  if (!boardApi) return;
  clearTimeout(boardTimer);
  boardTimer = setTimeout(refreshBoard, 300);
}

async function refreshBoard() {
  try {
    await Promise.all(Object.entries(BOARD).map(async ([list, statuses]) => {
      const query = statuses.map((s) => `status=${s}`).join('&');
      const page = await boardApi.call(`/api/v1/transfers?${query}&pageSize=50`);
      $(list).replaceChildren(...(page.transfers.length ? page.transfers.map(transferItem) : [h('li', { class: 'muted' }, 'none')]));
    }));
  } catch (error) {
    showError(error);
  }
}

function transferItem(transfer) {
  const from = transfer.origin && transfer.origin.hospitalId ? hospitalName(transfer.origin.hospitalId) : 'the field';
  const to = transfer.destinationHospitalId ? ` to ${hospitalName(transfer.destinationHospitalId)}` : '';
  return h('li', { 'data-transfer-id': transfer.transferId, 'data-status': transfer.status },
    h('strong', {}, `${transfer.patientReference} `), `${transfer.bedCategory.replace(/_/g, ' ').toLowerCase()}, ${transfer.acuity.toLowerCase()}`,
    h('div', { class: 'muted' }, `${transfer.status.replace(/_/g, ' ').toLowerCase()}: from ${from}${to}`,
      transfer.waitingReason ? ` - ${transfer.waitingReason}` : ''),
    transfer.transport ? h('div', { class: 'muted', 'data-crew': transfer.transport.callSign }, crewLine(transfer.transport)) : false);
}

function crewLine(transport) {
  const at = (instant) => new Date(instant).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return [`${transport.crewType.toLowerCase()} ${transport.callSign}`,
    transport.estimatedArrival ? `arrives ${at(transport.estimatedArrival)}` : '',
    transport.lastPositionAt ? `position at ${at(transport.lastPositionAt)}` : ''].filter(Boolean).join(', ');
}

function setUpBoard(api, session) {
  $('transfers-panel').hidden = false;
  boardApi = api;
  refreshBoard();
  // Transports are pushed to dispatchers and coordinators; the rest of the board is re-read
  // after any event seen here and every 20 s.
  if (session.has('dispatcher') || session.has('coordinator')) {
    api.follow('/api/v1/transports/events', {
      onState: (state, error) => streamState('transports', state, error),
      onEvent: scheduleBoardRefresh,
    });
  }
  setInterval(refreshBoard, 20000);
}

// ---- a redistribution plan's progress -------------------------------------------------------

let planStream = null;

function renderProgress(progress) {
  $('plan-progress').replaceChildren(...Object.entries(progress).flatMap(([name, count]) =>
    [h('dt', {}, name.replace(/([A-Z])/g, ' $1').toLowerCase()), h('dd', { 'data-count': name }, String(count))]));
}

function setUpPlan(api) {
  $('plan-panel').hidden = false;
  const follow = async (planId) => {
    if (planStream) planStream.close();
    try {
      const plan = await api.call(`/api/v1/plans/${encodeURIComponent(planId)}`);
      renderProgress(plan.progress);
      planStream = api.follow(`/api/v1/plans/${encodeURIComponent(planId)}/events`, {
        onState: (state, error) => streamState('plan', state, error),
        onEvent: (name, data) => name === 'progress' && renderProgress(data.progress),
      });
    } catch (error) {
      showError(error);
    }
  };
  $('plan-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const planId = $('plan-id').value.trim();
    if (planId) follow(planId);
  });
  const fromLink = new URLSearchParams(location.hash.slice(1)).get('plan');
  if (fromLink) {
    $('plan-id').value = fromLink;
    follow(fromLink);
  }
}

// ---- start ------------------------------------------------------------------------------------

async function main() {
  const config = await fetch('config.json').then((response) => response.json());
  const session = await new Session(config).start();
  const api = new Api(session);
  const scope = session.hospitalId ? ` - hospital ${session.hospitalId}` : session.dispatchCenter ? ` - ${session.dispatchCenter}` : '';
  const roles = session.roles.filter((r) => ['coordinator', 'hospital-staff', 'hospital-system', 'dispatcher'].includes(r));
  $('who').textContent = `${session.username} (${roles.join(', ') || 'no Renfort role'})${scope}`;
  $('logout').hidden = false;
  $('logout').addEventListener('click', () => session.logout());
  followRegion(api);
  refreshOverdue(api);
  setInterval(() => refreshOverdue(api), 60000);
  if (session.has('coordinator') || ((session.has('hospital-staff') || session.has('hospital-system')) && session.hospitalId)) {
    setUpOffers(api, session);
  }
  if (['coordinator', 'dispatcher', 'hospital-staff', 'hospital-system'].some((r) => session.has(r))) {
    setUpBoard(api, session);
  }
  if (session.has('coordinator')) setUpPlan(api);
}

main().catch(showError);
