/* addrjp review page (確認画面). Vanilla JS, no network. Every value reaches the screen through
   textContent (never parsed as markup). Decisions are kept in this page until saved as the decisions
   file (判断記録), which `addrjp clean --decisions FILE` applies. */
(function () {
  'use strict';
  var T0 = performance.now();
  var DATA = JSON.parse(document.getElementById('addrjp-data').textContent);
  var F = {};
  DATA.fields.forEach(function (f, i) { F[f] = i; });
  // the data comes as one list per column; the page works on rows
  function rowsOf(cols) {
    var n = cols.length ? cols[0].length : 0, out = new Array(n), w = cols.length, i, j, row;
    for (i = 0; i < n; i++) {
      row = new Array(w);
      for (j = 0; j < w; j++) row[j] = cols[j][i];
      out[i] = row;
    }
    return out;
  }
  var ROWS = rowsOf(DATA.rows), CAT = DATA.catalogue, ACT = DATA.actions, FIELD_JA = DATA.fieldLabels;
  var STATUS_JA = {ok: '正常', fixed: '修正済', review: '要確認', hold: '保留', excluded: '対象外'};
  var STATUS_ORDER = {hold: 0, review: 1, fixed: 2, ok: 3, excluded: 4};
  var STATE_JA = {applied: '適用済', loaded: '読み込み', 'new': '新規', stale: '名簿が変わったため未適用',
    conflict: '食い違いのため未適用', not_applicable: '適用できません', superseded: '置き換え済'};
  var HEADER = ['宛名番号(id)', '照合値(fingerprint)', '判断(action)', '項目(field)', '値(value)', '理由(reason)',
    '判断者(decided_by)', '判断日時(decided_at)'];
  var PAGE = 50;
  var ROW_ACTIONS = {approve: 1, exclude: 1, hold: 1};
  var LIVE = {applied: 1, loaded: 1, 'new': 1};
  var STORE = 'addrjp.reviewer';

  var byId = new Map(), codes = [], decs = [], partners = new Map();
  function indexRows(from) {
    var i, r;
    for (i = from; i < ROWS.length; i++) {
      r = ROWS[i];
      byId.set(r[F.id], i);
      codes[i] = r[F.findings] ? r[F.findings].split(';') : [];
      decs[i] = r[F.decisions] ? JSON.parse(r[F.decisions]) : null;
    }
    for (i = from; i < ROWS.length; i++) {
      var d0 = ROWS[i][F.duplicate_of];
      if (d0 && byId.has(d0)) {
        addTo(partners, d0, i);
        addTo(partners, ROWS[i][F.id], byId.get(d0));
      }
    }
  }
  indexRows(0);
  // the rows drawn first are the held and review ones (and their partners, and rows with decisions); the
  // others follow at the end of the file and are read once the page is drawn, or when first needed
  var moreLoaded = false;
  function ensureAll() {
    if (moreLoaded) return true;
    var node = document.getElementById('addrjp-more');
    if (!node) return false;
    moreLoaded = true;
    var start = ROWS.length;
    var extra = rowsOf(JSON.parse(node.textContent));
    for (var k = 0; k < extra.length; k++) ROWS.push(extra[k]);
    indexRows(start);
    return true;
  }
  function addTo(map, key, value) {
    var list = map.get(key);
    if (!list) { list = []; map.set(key, list); }
    if (list.indexOf(value) < 0) list.push(value);
  }
  var unknown = DATA.unknown.slice();
  var dirty = false;
  var state = {all: false, status: '', finding: '', town: '', decision: '', q: '', sort: 'line', dir: 1, page: 0};
  var view = [], selected = -1, pending = null, message = '';
  var memoryName = '';

  // --- small DOM helpers (text only) -------------------------------------------------------------------
  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === 'text') node.textContent = v;
        else if (k === 'on') Object.keys(v).forEach(function (ev) { node.addEventListener(ev, v[ev]); });
        else if (k === 'value') node.value = v;
        else node.setAttribute(k, v === true ? '' : String(v));
      });
    }
    for (var a = 2; a < arguments.length; a++) append(node, arguments[a]);
    return node;
  }
  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
    node.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function $(id) { return document.getElementById(id); }

  // --- rows and decisions ---------------------------------------------------------------------------------
  function flagged(ix) { var s = ROWS[ix][F.status]; return s === 'review' || s === 'hold'; }
  function severityOf(code, status) {
    var sev = (CAT[code] || ['', '', '', 'info'])[3].split('/');
    if (status === 'hold' && sev.indexOf('error') >= 0) return 'error';
    if ((status === 'review' || status === 'hold') && sev.indexOf('warning') >= 0) return 'warning';
    if (sev.indexOf('excluded') >= 0) return 'excluded';
    return sev.indexOf('info') >= 0 ? 'info' : sev[0];
  }
  function keyCode(ix) {
    var st = ROWS[ix][F.status], cs = codes[ix], want = st === 'hold' ? 'error' : st === 'review' ? 'warning' : '';
    for (var k = 0; k < cs.length; k++) if (want && severityOf(cs[k], st) === want) return cs[k];
    return cs[0] || '';
  }
  function todo(ix) { var c = keyCode(ix); return c && CAT[c] ? CAT[c][2] : ''; }
  // the action itself: the sentences after the first one, which restates the finding
  function shortTodo(ix) { var t = todo(ix), k = t.indexOf('。'); return k > 0 && k < t.length - 1 ? t.slice(k + 1) : t; }
  function live(ix) { return (decs[ix] || []).filter(function (d) { return LIVE[d.s]; }); }
  function decisionState(ix) {
    var ds = decs[ix];
    if (!ds || !ds.length) return 'none';
    if (ds.some(function (d) { return d.s === 'conflict'; })) return 'conflict';
    if (ds.some(function (d) { return LIVE[d.s]; })) return 'decided';
    if (ds.some(function (d) { return d.s === 'stale'; })) return 'stale';
    return 'none';
  }
  function label(d) {
    var t = ACT[d.a] || d.a;
    if (d.a === 'correct') t += '(' + (FIELD_JA[d.f] || d.f) + ')';
    else if (d.a === 'not_duplicate') t += '(' + d.v + ')';
    else if ((d.a === 'exclude' || d.a === 'hold') && d.r) t += '(' + d.r + ')';
    return t;
  }
  function decisionText(ix) {
    var ds = decs[ix] || [];
    if (!ds.length) return '';
    return ds.map(function (d) { return label(d) + (LIVE[d.s] ? '' : ' [' + (STATE_JA[d.s] || d.s) + ']'); }).join('、');
  }
  function decisionClass(ix) {
    var st = decisionState(ix), ds = decs[ix] || [];
    if (st === 'decided') return ds.some(function (d) { return d.s === 'new'; }) ? 'dec dec-new' : 'dec dec-applied';
    return 'dec dec-' + st;
  }
  function hasAction(ix, a) { return live(ix).some(function (d) { return d.a === a; }); }

  // --- filtering and sorting -------------------------------------------------------------------------------
  function matches(ix) {
    var row = ROWS[ix];
    if (!state.all && !flagged(ix)) return false;
    if (state.status && row[F.status] !== state.status) return false;
    if (state.finding && codes[ix].indexOf(state.finding) < 0) return false;
    if (state.town && (row[F.town] || '(町名不明)') !== state.town) return false;
    if (state.q && row[F.id].toLowerCase().indexOf(state.q) < 0) return false;
    var dsel = state.decision;
    if (dsel) {
      var st = decisionState(ix);
      if (dsel === 'none' || dsel === 'decided' || dsel === 'stale' || dsel === 'conflict') { if (st !== dsel) return false; }
      else if (!hasAction(ix, dsel)) return false;
    }
    return true;
  }
  var SORTS = {
    line: function (ix) { return ROWS[ix][F._line]; },
    id: function (ix) { return ROWS[ix][F.id]; },
    status: function (ix) { return STATUS_ORDER[ROWS[ix][F.status]] * 1e7 + ROWS[ix][F._line]; },
    town: function (ix) { return (ROWS[ix][F.town] || '\uffff') + '\u0000' + String(1e9 + ROWS[ix][F._line]); },
    findings: function (ix) { return keyCode(ix) + '\u0000' + String(1e9 + ROWS[ix][F._line]); },
    decision: function (ix) { return decisionState(ix) + '\u0000' + String(1e9 + ROWS[ix][F._line]); }
  };
  function applyFilters() {
    var out = [];
    for (var k = 0; k < ROWS.length; k++) if (matches(k)) out.push(k);
    var key = SORTS[state.sort], dir = state.dir;
    if (state.sort !== 'line' || dir !== 1 || moreLoaded) {
      var keys = new Map();
      out.forEach(function (ix) { keys.set(ix, key(ix)); });
      out.sort(function (a, b) { var x = keys.get(a), y = keys.get(b); return (x < y ? -1 : x > y ? 1 : a - b) * dir; });
    }
    view = out;
    var pages = Math.max(1, Math.ceil(view.length / PAGE));
    if (state.page >= pages) state.page = pages - 1;
  }

  // --- the diff of input and output ------------------------------------------------------------------------
  function diff(a, b) {
    a = a || ''; b = b || '';
    var n = a.length, m = b.length;
    if (n * m > 90000) return {a: [[a, a !== b]], b: [[b, a !== b]]};
    var dp = [], x, y;
    for (x = 0; x <= n; x++) { dp.push(new Uint16Array(m + 1)); }
    for (x = n - 1; x >= 0; x--) for (y = m - 1; y >= 0; y--)
      dp[x][y] = a[x] === b[y] ? dp[x + 1][y + 1] + 1 : Math.max(dp[x + 1][y], dp[x][y + 1]);
    var outA = [], outB = [];
    function push(list, ch, changed) {
      var last = list[list.length - 1];
      if (last && last[1] === changed) last[0] += ch; else list.push([ch, changed]);
    }
    x = 0; y = 0;
    while (x < n && y < m) {
      if (a[x] === b[y]) { push(outA, a[x], false); push(outB, b[y], false); x++; y++; }
      else if (dp[x + 1][y] >= dp[x][y + 1]) { push(outA, a[x], true); x++; }
      else { push(outB, b[y], true); y++; }
    }
    for (; x < n; x++) push(outA, a[x], true);
    for (; y < m; y++) push(outB, b[y], true);
    return {a: outA, b: outB};
  }
  function marked(parts, cls) {
    return parts.map(function (p) { return p[1] ? el(cls === 'del' ? 'span' : 'mark', {'class': cls, text: p[0]}) : p[0]; });
  }
  function compareCell(a, b) {
    var d = diff(a, b);
    return [el('td', null, marked(d.a, 'del')), el('td', null, marked(d.b, 'chg'))];
  }

  // --- the page --------------------------------------------------------------------------------------------
  var app = $('app');
  clear(app);
  var counter = el('span', {'class': 'counter', id: 'counter'});
  var msgBox = el('div', {id: 'msg', role: 'status'});
  var fileInput = el('input', {type: 'file', id: 'load', accept: '.csv,text/csv', 'class': 'visually-hidden',
    on: {change: loadFile}});
  var reviewer = el('span', {id: 'reviewer'});
  function select(id, title, opts) {
    var s = el('select', {id: id, on: {change: onFilter}});
    opts.forEach(function (o) { s.appendChild(el('option', {value: o[0], text: o[1]})); });
    return el('label', null, title, s);
  }
  var statusSel = select('f-status', '状態 (status)', [['', 'すべて (all)'], ['hold', '保留 hold'], ['review', '要確認 review'],
    ['fixed', '修正済 fixed'], ['ok', '正常 ok'], ['excluded', '対象外 excluded']]);
  var findingSel = select('f-finding', '指摘事項 (finding)', [['', 'すべて (all)']]);
  var townSel = select('f-town', '町域 (town)', [['', 'すべて (all)']]);
  var decisionSel = select('f-decision', '判断 (decision)', [['', 'すべて (all)'], ['none', '未判断 (none yet)'],
    ['decided', '判断済 (decided)'], ['approve', '承認 approve'], ['correct', '訂正 correct'], ['not_duplicate', '別人 not the same'],
    ['exclude', '対象外 exclude'], ['hold', '保留 hold'], ['stale', '要再判断 (stale)'], ['conflict', '食い違い (conflict)']]);
  var search = el('input', {type: 'search', id: 'f-q', placeholder: '宛名番号で検索 (id)', on: {input: onFilter}});
  var allBox = el('input', {type: 'checkbox', id: 'f-all', on: {change: onFilter}});
  var toolbar = el('div', {'class': 'toolbar'},
    el('label', {'class': 'switch'}, allBox, '全件を表示 (all rows, not only 保留・要確認)'),
    statusSel, findingSel, townSel, decisionSel, el('label', null, '検索 (search by id)', search),
    el('div', {'class': 'actions'}, counter,
      el('button', {type: 'button', id: 'export', 'class': 'primary', on: {click: exportFile}}, '判断記録を保存 (export decisions)'),
      el('button', {type: 'button', id: 'load-button', on: {click: function () { fileInput.click(); }}},
        '判断記録を読み込む (load decisions)'), fileInput,
      el('span', {'class': 'note'}, '判断者 (decided by): ', reviewer, ' ',
        el('button', {type: 'button', id: 'who-change', on: {click: function () { askName(null); }}}, '変更'))));
  var thead = el('tr');
  [['line', '行 line'], ['id', '宛名番号 id'], ['status', '状態 status'], ['findings', '指摘事項 findings'],
    ['town', '町域 town'], ['todo', '対応 what to do'], ['decision', '判断 decision']].forEach(function (c) {
    thead.appendChild(el('th', {'data-sort': c[0] === 'todo' ? null : c[0], text: c[1],
      on: {click: function () { if (c[0] !== 'todo') sortBy(c[0]); }}}));
  });
  var tbody = el('tbody');
  var list = el('table', {id: 'list'}, el('thead', null, thead), tbody);
  var pager = el('div', {'class': 'pager', id: 'pager'});
  var detail = el('div', {id: 'detail'});
  var unknownBox = el('div', {id: 'unknown'});
  var help = el('p', {'class': 'help'}, 'キー操作 (keys): ', el('kbd', {text: 'j'}), '/', el('kbd', {text: 'k'}), ' 次・前の行 ',
    el('kbd', {text: 'n'}), '/', el('kbd', {text: 'p'}), ' 次・前のページ ', el('kbd', {text: 'a'}), ' 承認 ',
    el('kbd', {text: 'e'}), ' 訂正 ', el('kbd', {text: 'd'}), ' 別人 ', el('kbd', {text: 'x'}), ' 対象外 ',
    el('kbd', {text: 'h'}), ' 保留 ', el('kbd', {text: 'u'}), ' 取り消し ', el('kbd', {text: '/'}), ' 検索 ',
    el('kbd', {text: 'Esc'}), ' 閉じる。判断は「判断記録を保存」で保存し、次の実行で clean --decisions に渡します。');
  app.appendChild(el('div', null, toolbar, msgBox, help, unknownBox,
    el('div', {id: 'work'}, el('div', {'class': 'listbox'}, pager, list), detail)));

  var whoInput = el('input', {type: 'text', id: 'who-name', autocomplete: 'name'});
  var who = el('dialog', {id: 'who'},
    el('form', {method: 'dialog', on: {submit: onName}},
      el('p', null, '判断者のお名前 (your name, recorded as who decided):'),
      whoInput,
      el('p', {'class': 'note'}, 'この画面の中だけに記憶し、どこにも送信しません (kept in this browser only, never sent).'),
      el('div', {'class': 'row'}, el('button', {type: 'submit', id: 'who-ok', 'class': 'primary'}, 'OK'))));
  document.body.appendChild(who);

  function fillOptions() {
    var fc = new Map(), tc = new Map();
    for (var k = 0; k < ROWS.length; k++) {
      if (!state.all && !flagged(k)) continue;
      codes[k].forEach(function (c) { fc.set(c, (fc.get(c) || 0) + 1); });
      var t = ROWS[k][F.town] || '(町名不明)';
      tc.set(t, (tc.get(t) || 0) + 1);
    }
    refill(findingSel.lastChild, Array.from(fc.keys()).sort(function (a, b) {
      return Object.keys(CAT).indexOf(a) - Object.keys(CAT).indexOf(b); }).map(function (c) {
      return [c, (CAT[c] ? CAT[c][0] : c) + ' ' + c + ' (' + fc.get(c) + ')']; }), state.finding);
    refill(townSel.lastChild, Array.from(tc.keys()).sort().map(function (t) { return [t, t + ' (' + tc.get(t) + ')']; }),
      state.town);
  }
  function refill(sel, items, current) {
    while (sel.options.length > 1) sel.remove(1);
    items.forEach(function (o) { sel.appendChild(el('option', {value: o[0], text: o[1]})); });
    sel.value = items.some(function (o) { return o[0] === current; }) ? current : '';
  }

  function onFilter() {
    performance.mark('addrjp:filter-start');
    var wasAll = state.all;
    state.all = allBox.checked;
    if (state.all) ensureAll();
    state.status = statusSel.lastChild.value;
    state.finding = findingSel.lastChild.value;
    state.town = townSel.lastChild.value;
    state.decision = decisionSel.lastChild.value;
    state.q = search.value.trim().toLowerCase();
    state.page = 0;
    if (wasAll !== state.all) fillOptions();
    state.finding = findingSel.lastChild.value;
    state.town = townSel.lastChild.value;
    applyFilters();
    if (view.length && view.indexOf(selected) < 0) selected = view[0];
    render();
    requestAnimationFrame(function () {
      performance.mark('addrjp:filter-end');
      performance.measure('addrjp:filter', 'addrjp:filter-start', 'addrjp:filter-end');
    });
  }
  function sortBy(key) {
    if (state.sort === key) state.dir = -state.dir; else { state.sort = key; state.dir = 1; }
    applyFilters();
    render();
  }

  function render() { renderCounter(); renderList(); renderDetail(); renderUnknown(); renderMessage(); }
  function renderMessage() { clear(msgBox); if (message) msgBox.appendChild(el('p', {'class': 'msg', text: message})); }
  function renderCounter() {
    var total = 0, done = 0;
    for (var k = 0; k < ROWS.length; k++) {
      if (!flagged(k)) continue;
      total++;
      if (decisionState(k) === 'decided') done++;
    }
    clear(counter);
    append(counter, ['判断済 (decided) ', el('b', {id: 'count-decided', text: String(done)}), ' / 残り (remaining) ',
      el('b', {id: 'count-remaining', text: String(total - done)}), ' (保留・要確認 ' + total + ' 行)']);
    $('undecided-note') && dirty && ($('undecided-note').textContent =
      '未保存の判断があります。「判断記録を保存」で保存してください (unsaved decisions: export them).');
  }
  function renderList() {
    Array.prototype.forEach.call(thead.children, function (th) {
      var on = th.getAttribute('data-sort') === state.sort;
      th.className = on ? (state.dir < 0 ? 'sorted desc' : 'sorted') : '';
    });
    clear(tbody);
    var start = state.page * PAGE, rows = view.slice(start, start + PAGE);
    if (!rows.length) {
      tbody.appendChild(el('tr', null, el('td', {colspan: 7, 'class': 'empty',
        text: '該当する行はありません (no rows match the filters).'})));
    }
    var frag = document.createDocumentFragment();
    rows.forEach(function (ix) {
      var row = ROWS[ix], st = row[F.status];
      frag.appendChild(el('tr', {'data-i': ix, 'data-id': row[F.id], 'class': ix === selected ? 'sel' : null,
        on: {click: function () { select_(ix); }}},
        el('td', {'class': 'n', text: String(row[F._line])}), el('td', {text: row[F.id]}),
        el('td', null, el('span', {'class': 'st st-' + st, text: STATUS_JA[st] || st})),
        el('td', {'class': 'codes', text: codes[ix].map(function (c) { return CAT[c] ? CAT[c][0] : c; }).join('、')}),
        el('td', {text: row[F.town]}), el('td', {'class': 'todo', title: todo(ix), text: shortTodo(ix)}),
        el('td', {'class': decisionClass(ix), text: decisionText(ix) || '—'})));
    });
    tbody.appendChild(frag);
    clear(pager);
    var pages = Math.max(1, Math.ceil(view.length / PAGE));
    append(pager, [
      el('button', {type: 'button', id: 'prev-page', disabled: state.page <= 0, on: {click: function () { turn(-1); }}}, '← 前'),
      el('span', {id: 'page-info', text: (view.length ? (start + 1) + '–' + Math.min(start + PAGE, view.length) : '0') +
        ' / ' + view.length + ' 行 (rows) · ' + (state.page + 1) + '/' + pages + ' ページ'}),
      el('button', {type: 'button', id: 'next-page', disabled: state.page >= pages - 1, on: {click: function () { turn(1); }}}, '次 →'),
      DATA.all ? null : el('span', {'class': 'note', text: '(全 ' + DATA.total + ' 行のうち確認対象と判断のある行のみ埋め込み)'})]);
  }
  function turn(step) {
    var pages = Math.max(1, Math.ceil(view.length / PAGE));
    state.page = Math.min(pages - 1, Math.max(0, state.page + step));
    selected = view[state.page * PAGE] === undefined ? selected : view[state.page * PAGE];
    pending = null;
    render();
  }
  function select_(ix) { selected = ix; pending = null; render(); }
  function move(step) {
    var pos = view.indexOf(selected);
    var next = pos < 0 ? 0 : Math.min(view.length - 1, Math.max(0, pos + step));
    if (!view.length) return;
    selected = view[next];
    state.page = Math.floor(next / PAGE);
    pending = null;
    render();
    var tr = tbody.querySelector('tr.sel');
    if (tr && tr.scrollIntoView) tr.scrollIntoView({block: 'nearest'});
  }

  function rowTable(ix, caption) {
    var row = ROWS[ix];
    var out = (row[F.address1] + (row[F.address2] ? ' ' + row[F.address2] : '')).trim();
    var st = row[F.status];
    return el('table', {'class': 'cmp'},
      caption ? el('caption', {text: caption}) : null,
      el('thead', null, el('tr', null, el('th', {text: '項目'}), el('th', {text: '入力 (register)'}), el('th', {text: '出力 (to print)'}))),
      el('tbody', null,
        el('tr', null, el('td', {'class': 'lbl', text: '郵便番号'}), compareCell(row[F.postal_code_in], row[F.postal_code_out])),
        el('tr', null, el('td', {'class': 'lbl', text: '住所'}), compareCell(row[F.address_in], out)),
        el('tr', null, el('td', {'class': 'lbl', text: '氏名'}), compareCell(row[F.name_in], row[F.name_out])),
        el('tr', null, el('td', {'class': 'lbl', text: '状態'}), el('td', {colspan: 2},
          el('span', {'class': 'st st-' + st, text: STATUS_JA[st] || st}), ' ' + st))));
  }
  function partnerIds(ix) { return (partners.get(ROWS[ix][F.id]) || []).map(function (p) { return ROWS[p][F.id]; }); }

  function renderDetail() {
    clear(detail);
    if (selected < 0 || selected >= ROWS.length) {
      detail.appendChild(el('p', {'class': 'empty', text: '左の一覧から行を選んでください (choose a row).'}));
      return;
    }
    var ix = selected, row = ROWS[ix];
    detail.appendChild(el('h3', {id: 'detail-title'}, '行 ' + row[F._line] + ' · 宛名番号 ' + row[F.id]));
    detail.appendChild(rowTable(ix, null));
    var ul = el('ul', {'class': 'findings'});
    codes[ix].forEach(function (c) {
      var e = CAT[c] || [c, '', '', 'info'], sev = severityOf(c, row[F.status]);
      ul.appendChild(el('li', {'class': 'sev-' + sev}, el('b', {text: e[0]}), ' ', el('span', {'class': 'code', text: c + ' · ' + e[1]}),
        e[2] ? el('span', {'class': 'todo', text: '対応: ' + e[2]}) : null));
    });
    if (!codes[ix].length) ul.appendChild(el('li', {text: '指摘事項はありません (no findings).'}));
    detail.appendChild(el('h4', {text: '指摘事項と対応 (findings and what to do)'}));
    detail.appendChild(ul);
    if (row[F.suggestion]) {
      detail.appendChild(el('p', {'class': 'suggest', id: 'suggestion'}, '候補 (suggestion): ', el('b', {text: row[F.suggestion]})));
    }
    var ps = partners.get(row[F.id]) || [];
    ps.forEach(function (p) {
      var rel = ROWS[ix][F.duplicate_of] === ROWS[p][F.id] ? '重複の相手 (the earlier row it duplicates)' : 'この行を重複とする行 (a row duplicating this one)';
      detail.appendChild(el('div', {'class': 'partner', 'data-partner': ROWS[p][F.id]},
        el('b', {text: '相手の行 (partner row): 行 ' + ROWS[p][F._line] + ' · 宛名番号 ' + ROWS[p][F.id]}), ' — ' + rel,
        rowTable(p, null),
        el('button', {type: 'button', on: {click: function () { select_(p); }}}, 'この行を開く (open)')));
    });
    var ds = decs[ix] || [];
    if (ds.length) {
      detail.appendChild(el('h4', {text: '判断 (decisions)'}));
      detail.appendChild(el('ul', {'class': 'decisions', id: 'decision-list'}, ds.map(function (d) {
        return el('li', {'class': 'dec-' + d.s}, el('b', {text: label(d)}),
          d.a === 'correct' ? ' → ' + (d.v || '(空欄)') : '',
          ' · ' + [d.b, d.t].filter(Boolean).join(' · '),
          ' [' + (STATE_JA[d.s] || d.s) + (d.x ? '・相手の行で記録' : '') + (d.o ? '・氏名の個別指定ファイル' : '') + ']');
      })));
    }
    var controls = el('div', {'class': 'controls'},
      el('button', {type: 'button', 'data-act': 'approve', on: {click: function () { act('approve'); }}}, '承認 (approve)', el('kbd', {text: 'a'})),
      el('button', {type: 'button', 'data-act': 'correct', on: {click: function () { act('correct'); }}}, '訂正 (correct)', el('kbd', {text: 'e'})),
      ps.length ? el('button', {type: 'button', 'data-act': 'not_duplicate', on: {click: function () { act('not_duplicate'); }}},
        '別人 (not the same person)', el('kbd', {text: 'd'})) : null,
      el('button', {type: 'button', 'data-act': 'exclude', on: {click: function () { act('exclude'); }}}, '対象外 (exclude)', el('kbd', {text: 'x'})),
      el('button', {type: 'button', 'data-act': 'hold', on: {click: function () { act('hold'); }}}, '保留 (hold)', el('kbd', {text: 'h'})),
      el('button', {type: 'button', 'data-act': 'undo', on: {click: function () { act('undo'); }}}, '取り消し (undo)', el('kbd', {text: 'u'})));
    detail.appendChild(controls);
    if (pending) detail.appendChild(form(ix, pending));
  }

  function prefill(ix, field) {
    var row = ROWS[ix], sug = row[F.suggestion] || '';
    if (field === 'postal_code') {
      var m = /^[0-9]{3}-[0-9]{4}/.exec(sug);
      return m ? m[0] : (row[F.postal_code_out] || row[F.postal_code_in]);
    }
    if (field === 'address') return row[F.address1] || row[F.address_in];
    if (field === 'address2') return row[F.address2];
    return row[F.name_out] || row[F.name_in];
  }
  function defaultField(ix) {
    var c = keyCode(ix);
    if (c.indexOf('postal.') === 0) return 'postal_code';
    if (c.indexOf('name.') === 0 || c === 'output.unencodable') return 'name';
    return 'address';
  }
  function form(ix, kind) {
    var box = el('form', {'class': 'form', id: 'form-' + kind, on: {submit: function (ev) { ev.preventDefault(); save(); }}});
    var save;
    if (kind === 'correct') {
      var fieldSel = el('select', {id: 'editor-field'});
      ['address', 'address2', 'postal_code', 'name'].forEach(function (f) { fieldSel.appendChild(el('option', {value: f, text: FIELD_JA[f] + ' (' + f + ')'})); });
      fieldSel.value = defaultField(ix);
      var input = el('input', {type: 'text', id: 'editor-value', value: prefill(ix, fieldSel.value)});
      fieldSel.addEventListener('change', function () { input.value = prefill(ix, fieldSel.value); });
      append(box, [el('b', {text: '訂正 (correct a field): 候補で下書きしてあります (prefilled with the suggestion)'}),
        el('label', {'for': 'editor-field', text: '項目 (field)'}), fieldSel,
        el('label', {'for': 'editor-value', text: '訂正後の値 (corrected value; 次の実行で入力と同じように検査します)'}), input]);
      save = function () {
        var v = input.value.trim();
        if (!v && fieldSel.value !== 'address2') { input.focus(); return; }
        record(ix, {a: 'correct', f: fieldSel.value, v: v});
      };
      setTimeout(function () { input.focus(); input.select(); }, 0);
    } else if (kind === 'exclude' || kind === 'hold') {
      var reasonSel = null;
      if (kind === 'exclude') {
        reasonSel = el('select', {id: 'exclude-reason'});
        DATA.reasons.forEach(function (t) { reasonSel.appendChild(el('option', {value: t, text: t})); });
      }
      var text = el('input', {type: 'text', id: kind + '-text', placeholder: kind === 'exclude' ? '補足 (free text, optional)' : '理由 (reason, optional)'});
      append(box, [el('b', {text: kind === 'exclude' ? '対象外にする理由 (reason for excluding)' : '保留にする (hold: not printed)'}),
        reasonSel ? [el('label', {'for': 'exclude-reason', text: '理由 (reason)'}), reasonSel] : null,
        el('label', {'for': kind + '-text', text: kind === 'exclude' ? '補足 (details)' : '理由 (reason)'}), text]);
      save = function () {
        var reason = reasonSel ? (reasonSel.value + (text.value.trim() ? ' ' + text.value.trim() : '')) : text.value.trim();
        record(ix, {a: kind, r: reason});
      };
      setTimeout(function () { (reasonSel || text).focus(); }, 0);
    } else if (kind === 'not_duplicate') {
      var ids = partnerIds(ix);
      var partnerSel = el('select', {id: 'partner-id'});
      ids.forEach(function (p) { partnerSel.appendChild(el('option', {value: p, text: p})); });
      append(box, [el('b', {text: '別人とする相手の行 (the other row: two different people)'}), partnerSel]);
      save = function () { record(ix, {a: 'not_duplicate', v: partnerSel.value}); };
      setTimeout(function () { partnerSel.focus(); }, 0);
    }
    append(box, el('div', {'class': 'row'}, el('button', {type: 'submit', id: 'form-save', 'class': 'primary'}, '記録 (record)'),
      el('button', {type: 'button', id: 'form-cancel', on: {click: function () { pending = null; render(); }}}, 'キャンセル (cancel)')));
    return box;
  }

  function reviewerName() {
    try { return window.localStorage.getItem(STORE) || memoryName; } catch (e) { return memoryName; }
  }
  function showReviewer() { reviewer.textContent = reviewerName() || '(未設定 not set)'; }
  function askName(then) {
    pendingName = then;
    whoInput.value = reviewerName();
    if (who.showModal) who.showModal(); else who.setAttribute('open', '');
    whoInput.focus();
  }
  var pendingName = null;
  function onName(ev) {
    ev.preventDefault();
    var name = whoInput.value.trim();
    if (!name) { whoInput.focus(); return; }
    memoryName = name;
    try { window.localStorage.setItem(STORE, name); } catch (e) { /* kept in memory only */ }
    if (who.close) who.close(); else who.removeAttribute('open');
    showReviewer();
    var next = pendingName;
    pendingName = null;
    if (next) next();
  }

  function act(kind) {
    if (selected < 0) return;
    var ix = selected;
    if (kind !== 'undo' && !reviewerName()) { askName(function () { act(kind); }); return; }
    if (kind === 'approve') { record(ix, {a: 'approve'}); return; }
    if (kind === 'undo') { undo(ix); return; }
    if (kind === 'not_duplicate' && !partnerIds(ix).length) return;
    pending = kind;
    render();
  }
  function now() {
    var d = new Date(), p = function (n) { return (n < 10 ? '0' : '') + n; };
    var off = -d.getTimezoneOffset(), sign = off >= 0 ? '+' : '-';
    off = Math.abs(off);
    return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T' + p(d.getHours()) + ':' + p(d.getMinutes()) +
      ':' + p(d.getSeconds()) + sign + p(Math.floor(off / 60)) + ':' + p(off % 60);
  }
  function keep(ix) {
    return (decs[ix] || []).filter(function (d) { return LIVE[d.s] || d.x || d.o; });
  }
  function record(ix, item) {
    var row = ROWS[ix];
    var ds = keep(ix);
    if (ROW_ACTIONS[item.a]) ds = ds.filter(function (d) { return d.x || d.o || !ROW_ACTIONS[d.a]; });
    if (item.a === 'exclude') ds = ds.filter(function (d) { return d.a !== 'correct' || d.o; });
    if (item.a === 'correct') ds = ds.filter(function (d) { return d.o || d.x || d.a === 'approve' || d.a === 'hold' ||
      d.a === 'not_duplicate' || (d.a === 'correct' && d.f !== item.f); });
    if (item.a === 'not_duplicate') ds = ds.filter(function (d) { return d.x || !(d.a === 'not_duplicate' && d.v === item.v); });
    item.p = row[F.fingerprint];
    item.s = 'new';
    item.b = reviewerName();
    item.t = now();
    ds.push(item);
    decs[ix] = ds;
    if (item.a === 'not_duplicate' && byId.has(item.v)) {
      var j = byId.get(item.v), other = (decs[j] || []).filter(function (d) { return !(d.x && d.v === row[F.id]); });
      other.push({a: 'not_duplicate', v: row[F.id], s: 'new', x: 1, b: item.b, t: item.t});
      decs[j] = other;
    }
    dirty = true;
    pending = null;
    message = '行 ' + row[F._line] + ' (' + row[F.id] + '): ' + label(item) + ' を記録しました。保存するには「判断記録を保存」。';
    render();
  }
  function undo(ix) {
    var row = ROWS[ix];
    (decs[ix] || []).forEach(function (d) {
      if (d.a === 'not_duplicate' && !d.x && byId.has(d.v)) {
        var j = byId.get(d.v);
        decs[j] = (decs[j] || []).filter(function (e) { return !(e.x && e.v === row[F.id]); });
      }
    });
    decs[ix] = (decs[ix] || []).filter(function (d) { return d.x || d.o; });
    dirty = true;
    pending = null;
    message = '行 ' + row[F._line] + ' (' + row[F.id] + ') の判断を取り消しました (decisions of the row removed).';
    render();
  }

  function renderUnknown() {
    clear(unknownBox);
    if (!unknown.length) return;
    unknownBox.appendChild(el('details', {'class': 'warn'},
      el('summary', {text: '名簿にない宛名番号の判断 ' + unknown.length + ' 件 (decisions for ids not in the register: kept in the file, not applied)'}),
      el('ul', null, unknown.map(function (u) { return el('li', {text: (u.l ? '判断記録の行 ' + u.l + ': ' : '') + u.id + ' — ' + label(u)}); }))));
  }

  // --- the decisions file ------------------------------------------------------------------------------------
  function csvCell(v) {
    v = v === undefined || v === null ? '' : String(v);
    if (/^[=+\-@\t\r']/.test(v)) v = "'" + v;
    return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
  }
  function exportLines() {
    ensureAll();
    var lines = [HEADER.map(csvCell).join(',')];
    for (var k = 0; k < ROWS.length; k++) {
      (decs[k] || []).forEach(function (d) {
        if (d.x || d.o || d.s === 'superseded') return;
        lines.push([ROWS[k][F.id], d.p || ROWS[k][F.fingerprint], d.a, d.f || '', d.v || '', d.r || '', d.b || '', d.t || '']
          .map(csvCell).join(','));
      });
    }
    unknown.forEach(function (u) { lines.push([u.id, u.p, u.a, u.f || '', u.v || '', u.r || '', u.b || '', u.t || ''].map(csvCell).join(',')); });
    return lines;
  }
  function exportFile() {
    var lines = exportLines();
    var blob = new Blob(['\ufeff' + lines.join('\r\n') + '\r\n'], {type: 'text/csv;charset=utf-8'});
    var stamp = now().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
    var a = el('a', {href: URL.createObjectURL(blob), download: '判断記録-' + stamp + '.csv'});
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    dirty = false;
    message = (lines.length - 1) + ' 件の判断を保存しました (decisions exported). 次の実行: addrjp clean … --decisions ' + a.download;
    render();
  }
  function parseCSV(text) {
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    var rows = [], row = [], cell = '', q = false;
    for (var k = 0; k < text.length; k++) {
      var c = text[k];
      if (q) {
        if (c === '"') { if (text[k + 1] === '"') { cell += '"'; k++; } else q = false; } else cell += c;
      } else if (c === '"') q = true;
      else if (c === ',') { row.push(cell); cell = ''; }
      else if (c === '\n' || c === '\r') {
        if (c === '\r' && text[k + 1] === '\n') k++;
        row.push(cell); rows.push(row); row = []; cell = '';
      } else cell += c;
    }
    if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
    return rows.filter(function (x) { return x.some(function (v) { return v.trim() !== ''; }); });
  }
  var ALIASES = {id: ['宛名番号', 'id', '識別番号', '住民番号', '管理番号'], p: ['照合値', 'fingerprint', '指紋'],
    a: ['判断', 'action', '判断内容'], f: ['項目', 'field'], v: ['値', 'value', '訂正後の値', '訂正値'], r: ['理由', 'reason'],
    b: ['判断者', 'decided_by', '担当者'], t: ['判断日時', 'decided_at', '日時']};
  var ACTION_IN = {approve: 'approve', correct: 'correct', not_duplicate: 'not_duplicate', exclude: 'exclude', hold: 'hold',
    '承認': 'approve', '訂正': 'correct', '別人': 'not_duplicate', '対象外': 'exclude', '除外': 'exclude', '保留': 'hold'};
  var FIELD_IN = {address: 'address', address2: 'address2', postal_code: 'postal_code', name: 'name', '住所': 'address',
    '方書': 'address2', '郵便番号': 'postal_code', '氏名': 'name', '住所2': 'address2', '印字用氏名': 'name'};
  function headerKey(cell) {
    var t = cell.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')').toLowerCase();
    var m = /^(.*)\((.*)\)$/.exec(t), names = m ? [m[1], m[2], t] : [t];
    for (var key in ALIASES) {
      if (ALIASES[key].some(function (a) { return names.indexOf(a.toLowerCase()) >= 0; })) return key;
    }
    return null;
  }
  function unneutral(v) { v = (v || '').trim(); return v.charAt(0) === "'" ? v.slice(1) : v; }
  function loadFile() {
    var file = fileInput.files && fileInput.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      var bytes = new Uint8Array(reader.result), text;
      try { text = new TextDecoder('utf-8', {fatal: true}).decode(bytes); } catch (e) { text = new TextDecoder('shift_jis').decode(bytes); }
      applyLoaded(parseCSV(text), file.name);
      fileInput.value = '';
    };
    reader.readAsArrayBuffer(file);
  }
  function applyLoaded(rows, name) {
    ensureAll();
    if (!rows.length) { message = name + ': 空のファイルです (empty file).'; render(); return; }
    var cols = {};
    rows[0].forEach(function (h, k) { var key = headerKey(h); if (key && !(key in cols)) cols[key] = k; });
    if (!('id' in cols) || !('p' in cols) || !('a' in cols)) {
      message = name + ': 判断記録ではありません (not a decisions file: the header lacks 宛名番号, 照合値 or 判断).';
      render();
      return;
    }
    var groups = new Map(), loaded = 0, stale = 0, skipped = 0, bad = 0, newUnknown = [];
    rows.slice(1).forEach(function (cells, k) {
      var get = function (key) { return key in cols ? unneutral(cells[cols[key]]) : ''; };
      var a = ACTION_IN[get('a').toLowerCase()] || ACTION_IN[get('a')];
      if (!a || !get('id')) { bad++; return; }
      var item = {a: a, p: get('p'), l: k + 2};
      var f = FIELD_IN[get('f').toLowerCase()] || FIELD_IN[get('f')];
      if (a === 'correct') item.f = f || get('f');
      if (get('v')) item.v = get('v');
      if (get('r')) item.r = get('r');
      if (get('b')) item.b = get('b');
      if (get('t')) item.t = get('t');
      var id = get('id');
      if (!byId.has(id)) { item.id = id; newUnknown.push(item); return; }
      addTo(groups, id, item);
    });
    groups.forEach(function (items, id) {
      var ix = byId.get(id);
      if ((decs[ix] || []).some(function (d) { return d.s === 'new' && !d.x; })) { skipped += items.length; return; }
      var ds = (decs[ix] || []).filter(function (d) { return d.x || d.o; });
      items.forEach(function (item) {
        item.s = item.p === ROWS[ix][F.fingerprint] ? 'loaded' : 'stale';
        if (item.s === 'stale') stale++;
        loaded++;
        ds.push(item);
        if (item.a === 'not_duplicate' && item.s === 'loaded' && byId.has(item.v)) {
          var j = byId.get(item.v);
          decs[j] = (decs[j] || []).filter(function (e) { return !(e.x && e.v === id); });
          decs[j].push({a: 'not_duplicate', v: id, s: 'loaded', x: 1, b: item.b, t: item.t});
        }
      });
      decs[ix] = ds;
    });
    var seen = new Set(unknown.map(function (u) { return [u.id, u.a, u.f, u.v, u.p].join('\u001f'); }));
    newUnknown.forEach(function (u) {
      var key = [u.id, u.a, u.f, u.v, u.p].join('\u001f');
      if (!seen.has(key)) { seen.add(key); unknown.push(u); }
    });
    message = name + ': ' + loaded + ' 件を読み込みました (loaded)' + (stale ? '、うち ' + stale + ' 件は名簿が変わったため要再判断 (stale)' : '') +
      (newUnknown.length ? '、名簿にない宛名番号 ' + newUnknown.length + ' 件' : '') +
      (skipped ? '、この画面で判断済みの行の ' + skipped + ' 件は読み込みませんでした' : '') + (bad ? '、読めない行 ' + bad + ' 件' : '') + '。';
    applyFilters();
    render();
  }

  // --- keys --------------------------------------------------------------------------------------------------
  document.addEventListener('keydown', function (ev) {
    var tag = (ev.target && ev.target.tagName) || '';
    if (ev.key === 'Escape') { if (pending) { pending = null; render(); } return; }
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (who.open) return;
    var handled = true;
    switch (ev.key) {
      case 'j': case 'ArrowDown': move(1); break;
      case 'k': case 'ArrowUp': move(-1); break;
      case 'n': turn(1); break;
      case 'p': turn(-1); break;
      case 'a': act('approve'); break;
      case 'e': act('correct'); break;
      case 'd': act('not_duplicate'); break;
      case 'x': act('exclude'); break;
      case 'h': act('hold'); break;
      case 'u': act('undo'); break;
      case '/': search.focus(); break;
      default: handled = false;
    }
    if (handled) ev.preventDefault();
  });
  window.addEventListener('beforeunload', function (ev) {
    if (dirty) { ev.preventDefault(); ev.returnValue = ''; }
  });

  // --- first paint ---------------------------------------------------------------------------------------------
  showReviewer();
  fillOptions();
  applyFilters();
  selected = view.length ? view[0] : -1;
  render();
  var ready = performance.now();
  window.addrjpTiming = {script: ready - T0, ready: ready};
  performance.mark('addrjp:ready');
  requestAnimationFrame(function () {
    setTimeout(function () {
      performance.mark('addrjp:painted');
      window.addrjpTiming.painted = performance.now();
      document.documentElement.setAttribute('data-ready', '1');
    }, 0);
  });
  window.addrjpExportLines = exportLines;
  document.addEventListener('DOMContentLoaded', function () { setTimeout(ensureAll, 0); });
})();
