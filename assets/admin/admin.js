// The board's web page: log in, list, write, edit and delete notices
// through the JSON API (README "The web page").  No libraries, nothing
// from another site (the server's Content-Security-Policy forbids it).
'use strict';

let csrf = '';
let onScreen = ''; // the title (or poster file) the board shows now
let editing = null; // id of the article being edited, null for a new one

const $ = (id) => document.getElementById(id);
const STATE = { showing: '播放中', scheduled: '待播', offhours: '不在播放时段', expired: '已过期', broken: '有错误' };

function show(view) {
  for (const v of ['login-view', 'list-view', 'edit-view']) $(v).classList.toggle('hidden', v !== view);
  $('logout').classList.toggle('hidden', view === 'login-view');
}

function say(text) {
  $('status').textContent = text;
  if (text) setTimeout(() => { if ($('status').textContent === text) $('status').textContent = ''; }, 4000);
}

async function api(method, path, body) {
  const opts = { method, headers: {}, credentials: 'same-origin' };
  if (body !== undefined) {
    opts.headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  if (method !== 'GET') opts.headers['X-CSRF-Token'] = csrf;
  const r = await fetch(path, opts);
  let data = null;
  if (r.status !== 204) {
    try { data = await r.json(); } catch (e) { data = null; }
  }
  if (r.status === 401 && path !== '/api/login') {
    show('login-view');
  }
  return { status: r.status, data };
}

// "2026-12-02 09:00" <-> the value of a datetime-local input
const toInput = (v) => (v || '').replace(' ', 'T');
const fromInput = (v) => (v || '').replace('T', ' ');

async function loadList() {
  await refreshStatus();
  const r = await api('GET', '/api/articles');
  if (r.status !== 200) return;
  const ul = $('articles');
  ul.textContent = '';
  for (const a of r.data.articles) {
    const li = document.createElement('li');
    li.dataset.id = a.id;
    const t = document.createElement('span');
    t.className = 'title';
    if (a.kind === 'poster') {
      const k = document.createElement('span');
      k.className = 'kind';
      k.textContent = '海报';
      t.appendChild(k);
    }
    t.appendChild(document.createTextNode(a.title || a.id));
    if (a.priority > 0) t.classList.add('urgent');
    if (a.reason) {
      const why = document.createElement('span');
      why.className = 'reason';
      why.textContent = a.reason;
      t.appendChild(why);
    }
    const s = document.createElement('span');
    const now = onScreen && (a.title === onScreen || a.id === onScreen);
    s.className = 'state ' + (now ? 'now' : a.state);
    s.textContent = now ? '正在屏幕上' : STATE[a.state] || a.state;
    li.append(t, s);
    li.addEventListener('click', () => (a.kind === 'poster' ? removePoster(a.id) : openEditor(a.id)));
    ul.appendChild(li);
  }
  $('list-empty').classList.toggle('hidden', r.data.articles.length > 0);
  show('list-view');
}

const FIELDS = ['title', 'subtitle', 'body', 'image', 'caption', 'show-from', 'show-until', 'days', 'hours', 'priority', 'orientation', 'link'];

async function openEditor(id) {
  editing = id;
  $('edit-error').textContent = '';
  $('edit-form').reset();
  $('edit-heading').textContent = id ? '修改公告' : '写公告';
  previewPage = 1;
  $('preview-box').classList.add('hidden');
  $('edit-delete').classList.toggle('hidden', !id);
  if (id) {
    const r = await api('GET', '/api/articles/' + encodeURIComponent(id));
    if (r.status !== 200) { say('读取失败'); return; }
    for (const k of FIELDS) {
      const el = $('f-' + k);
      const v = r.data[k] || (k === 'priority' ? '0' : '');
      el.value = k.startsWith('show-') ? toInput(v) : v;
    }
  }
  show('edit-view');
  schedulePreview();
}

// The live preview: the notice as the board will lay it out, redrawn a
// moment after the volunteer stops typing.
let previewPage = 1, previewPages = 1, previewTimer = null, previewUrl = null;

function formBody() {
  const body = {};
  for (const k of FIELDS) {
    const v = $('f-' + k).value.trim();
    body[k] = k.startsWith('show-') ? fromInput(v) : v;
  }
  body.priority = Number(body.priority || 0);
  return body;
}

async function updatePreview() {
  const body = formBody();
  if (!body.title || !body.body) { $('preview-box').classList.add('hidden'); return; }
  const r = await fetch('/api/preview.png?page=' + previewPage, {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: JSON.stringify(body) });
  if (r.status === 404 && previewPage > 1) { previewPage = 1; return updatePreview(); }
  if (r.status !== 200) return; // a half-typed time: the save button says why
  previewPages = Number(r.headers.get('X-Baolan-Pages') || 1);
  const blob = await r.blob();
  if (previewUrl) URL.revokeObjectURL(previewUrl);
  previewUrl = URL.createObjectURL(blob);
  $('preview').src = previewUrl;
  $('preview-page').textContent = '第' + previewPage + '/' + previewPages + '页';
  $('preview-box').classList.remove('hidden');
}

function schedulePreview() {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(updatePreview, 600);
}

async function save(ev) {
  ev.preventDefault();
  const body = formBody();
  const r = editing ? await api('PUT', '/api/articles/' + encodeURIComponent(editing), body)
                    : await api('POST', '/api/articles', body);
  if (r.status === 200 || r.status === 201) {
    say('已保存，报栏稍后显示');
    loadList();
  } else {
    $('edit-error').textContent = (r.data && r.data.error) || ('保存失败（' + r.status + '）');
  }
}

async function remove() {
  if (!editing || !confirm('删除这条公告？')) return;
  const r = await api('DELETE', '/api/articles/' + encodeURIComponent(editing));
  if (r.status === 204) { say('已删除'); loadList(); }
  else $('edit-error').textContent = (r.data && r.data.error) || '删除失败';
}

async function removePoster(file) {
  if (!confirm('删除海报 ' + file + '？')) return;
  const r = await api('DELETE', '/api/posters/' + encodeURIComponent(file));
  if (r.status === 204) { say('海报已删除'); loadList(); }
  else say((r.data && r.data.error) || '删除失败');
}

async function upload(ev) {
  ev.preventDefault();
  $('upload-error').textContent = '';
  $('upload-result').classList.add('hidden');
  const f = $('upload-file').files[0];
  if (!f) return;
  const form = new FormData();
  form.append('kind', $('upload-kind').value);
  form.append('file', f, f.name);
  const r = await fetch('/api/uploads', { method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': csrf }, body: form });
  let data = null;
  try { data = await r.json(); } catch (e) { data = null; }
  if (r.status === 201) {
    const lines = data.kind === 'page' ? data.summary
      : data.kind === 'picture' ? '配图已保存，在公告的“配图”里填：' + data.file
      : '海报已上屏：' + data.file + (data.pages > 1 ? '（' + data.pages + ' 页）' : '');
    $('upload-result').textContent = lines;
    $('upload-result').classList.remove('hidden');
    $('upload-form').reset();
    loadList();
  } else {
    $('upload-error').textContent = (data && data.error) || ('上传失败（' + r.status + '）');
  }
}

const ACTIONS = { create: '新建', edit: '修改', delete: '删除', 'delete poster': '删除海报', alert: '紧急通知',
  'clear alert': '撤销紧急通知', 'upload picture': '上传配图', 'upload poster': '上传海报', 'import page': '导入版面' };

async function showAudit() {
  const r = await api('GET', '/api/audit');
  if (r.status !== 200) return;
  const ul = $('audit');
  ul.textContent = '';
  for (const e of r.data.changes) {
    const li = document.createElement('li');
    li.textContent = e.t.replace('T', ' ').slice(0, 16) + '  ' + (e.who || '（未署名）') + '  ' +
      (ACTIONS[e.action] || e.action) + '  ' + (e.title || e.id || '');
    ul.appendChild(li);
  }
  ul.classList.remove('hidden');
}

async function login(ev) {
  ev.preventDefault();
  $('login-error').textContent = '';
  const r = await api('POST', '/api/login', { password: $('login-password').value, name: $('login-name').value });
  $('login-password').value = '';
  if (r.status === 200) {
    csrf = r.data.csrf;
    start();
  } else if (r.status === 429) {
    $('login-error').textContent = '密码错误次数太多，请几分钟后再试';
  } else {
    $('login-error').textContent = '密码不对';
  }
}

async function logout() {
  await api('POST', '/api/logout');
  csrf = '';
  show('login-view');
}

function showBoard(screen) {
  const alertNow = screen && screen.alert;
  $('alert-now').classList.toggle('hidden', !alertNow);
  $('alert-clear').classList.toggle('hidden', !alertNow);
  if (alertNow) {
    const until = alertNow.until ? '，到 ' + new Date(alertNow.until * 1000).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit' }) + ' 为止' : '，直到撤销';
    $('alert-now').textContent = '屏幕上正在显示紧急通知：' + alertNow.text + until;
  }
  const slide = screen && screen.slide;
  onScreen = slide && slide.article ? slide.article : '';
  $('on-screen').textContent = !screen ? '报栏没有在运行（或没有接通）'
    : slide && slide.kind === 'alert' ? '屏幕：紧急通知'
    : slide && slide.article ? '屏幕：' + slide.article : '';
}

async function refreshStatus() {
  const r = await api('GET', '/api/status');
  if (r.status !== 200) return null;
  showBoard(r.data.screen);
  return r;
}

async function sendAlert(ev) {
  ev.preventDefault();
  $('alert-error').textContent = '';
  const r = await api('POST', '/api/alert', { text: $('alert-text').value.trim(), minutes: Number($('alert-minutes').value) });
  if (r.status === 201) {
    say('紧急通知已上屏');
    $('alert-text').value = '';
    refreshStatus();
  } else {
    $('alert-error').textContent = (r.data && r.data.error) || ('发布失败（' + r.status + '）');
  }
}

async function clearAlert() {
  const r = await api('DELETE', '/api/alert');
  if (r.status === 204) { say('紧急通知已撤销'); refreshStatus(); }
  else $('alert-error').textContent = (r.data && r.data.error) || '撤销失败';
}

function showScreen() {
  const img = $('screen');
  img.src = '/api/screen.png?t=' + Date.now();
  img.classList.remove('hidden');
}

async function start() {
  const r = await refreshStatus();
  if (!r) { show('login-view'); return; }
  csrf = r.data.csrf;
  $('board-name').textContent = r.data.board + ' · 管理';
  $('who').textContent = r.data.name || '';
  loadList();
}

document.addEventListener('DOMContentLoaded', () => {
  $('login-form').addEventListener('submit', login);
  $('edit-form').addEventListener('submit', save);
  $('new-notice').addEventListener('click', () => openEditor(null));
  $('edit-cancel').addEventListener('click', loadList);
  $('edit-delete').addEventListener('click', remove);
  $('logout').addEventListener('click', logout);
  $('alert-form').addEventListener('submit', sendAlert);
  $('edit-form').addEventListener('input', schedulePreview);
  $('preview-prev').addEventListener('click', () => { if (previewPage > 1) { previewPage--; updatePreview(); } });
  $('preview-next').addEventListener('click', () => { if (previewPage < previewPages) { previewPage++; updatePreview(); } });
  $('alert-clear').addEventListener('click', clearAlert);
  $('show-screen').addEventListener('click', showScreen);
  $('upload-form').addEventListener('submit', upload);
  $('show-audit').addEventListener('click', showAudit);
  start();
});
