// The board's web page in a real browser (ctest browser_admin): Debian's
// chromium, driven by puppeteer-core, on a phone-sized screen, against a
// real `baolan admin` (HTTPS with the certificate it makes) beside a real
// `baolan run --headless` on the same content folder.  A volunteer logs
// in, writes a notice, sees it listed as showing and sees the board show
// it (its slide log); edits it; a wrong password shows the message.
// Screenshots go to the working folder (build/tests): admin-*.png.
//
//   node admin_page.mjs BAOLAN
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

const baolan = process.argv[2];
const chrome = process.env.BL_CHROMIUM || '/usr/bin/chromium';
const tmp = mkdtempSync(join(tmpdir(), 'baolan-page-'));
const content = join(tmp, 'content');
spawnSync('mkdir', [content]);
const conf = join(tmp, 'board.ini');
writeFileSync(conf, `[screen]\nsize = 640x360\n[board]\nname = 丰台社区报栏\ncontrol = ${tmp}/control.sock\n[content]\nfolder = ${content}\nsettle = 0.2\n` +
  `[schedule]\nmin-dwell = 1\nmax-dwell = 1\nheadline-dwell = 1\n[transition]\ntype = none\n`);
const PASSWORD = '社区志愿者 password 2026';
let fails = 0;
const check = (name, ok, detail = '') => {
  console.log((ok ? 'ok   ' : 'FAIL ') + name + (ok ? '' : ': ' + detail));
  if (!ok) fails++;
};

const setpw = spawnSync(baolan, ['admin', '--config', conf, '--set-password'], { input: PASSWORD + '\n' });
check('password-set', setpw.status === 0, String(setpw.stderr));

const slides = [];
const board = spawn(baolan, ['run', '--headless', '--config', conf, '--size', '640x360'],
  { stdio: ['ignore', 'pipe', 'ignore'] });
let boardOut = '';
board.stdout.on('data', (d) => {
  boardOut += d;
  let i;
  while ((i = boardOut.indexOf('\n')) >= 0) {
    const line = boardOut.slice(0, i);
    boardOut = boardOut.slice(i + 1);
    try { slides.push(JSON.parse(line)); } catch (e) { /* not a slide line */ }
  }
});
const admin = spawn(baolan, ['admin', '--config', conf, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((resolve, reject) => {
  admin.stdout.once('data', (d) => {
    const m = /listening on port (\d+)/.exec(String(d));
    m ? resolve(Number(m[1])) : reject(new Error('admin: ' + d));
  });
  admin.once('exit', (c) => reject(new Error('admin exited ' + c)));
});
const url = `https://127.0.0.1:${port}/`;

const boardShows = async (title, seconds = 60) => {
  const n = slides.length;
  for (let t = 0; t < seconds * 2; t++) {
    if (slides.slice(n).some((s) => s.article === title)) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
};

const browser = await puppeteer.launch({
  executablePath: chrome,
  headless: true,
  acceptInsecureCerts: true, // the certificate baolan made for itself at first start
  args: ['--no-sandbox', '--disable-gpu', '--lang=zh-CN'],
});
const errors = [];
try {
  const page = await browser.newPage();
  // a loaded machine (the sanitizer build, two cores) is slow, not wrong
  page.setDefaultTimeout(90000);
  page.on('pageerror', (e) => errors.push(String(e)));
  // expected answers (401 before login, 400 for the bad notice) show as
  // failed resources in the console; only script errors count
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text()); });
  await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
  await page.goto(url, { waitUntil: 'networkidle0' });
  await page.waitForSelector('#login-view:not(.hidden)');
  await page.screenshot({ path: 'admin-1-login.png' });
  check('login-form-shown', true);

  await page.type('#login-password', 'not the password');
  await page.click('#login-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#login-error').textContent.length > 0);
  check('wrong-password-message', (await page.$eval('#login-error', (e) => e.textContent)) === '密码不对');

  await page.type('#login-password', PASSWORD);
  await page.type('#login-name', '王阿姨');
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#list-view:not(.hidden)');
  check('logged-in', (await page.$eval('#board-name', (e) => e.textContent)).includes('丰台社区报栏'));

  await page.click('#new-notice');
  await page.waitForSelector('#edit-view:not(.hidden)');
  await page.type('#f-title', '周六义诊通知');
  await page.type('#f-subtitle', '社区卫生服务站医生上门');
  await page.type('#f-body', '本周六上午九点至十一点，社区卫生服务站的医生在居委会一楼为居民免费测血压、血糖。\n\n' +
    '行动不便的老人可提前打电话预约上门服务。');
  await page.type('#f-days', '一至日');
  await page.type('#f-hours', '00:00-24:00');
  await page.select('#f-priority', '1');
  // the live preview: the engine's page at the board's size
  await page.waitForFunction(() => { const i = document.querySelector('#preview'); return !document.querySelector('#preview-box').classList.contains('hidden') && i.complete && i.naturalWidth > 0; }, { timeout: 90000 });
  check('live-preview', (await page.$eval('#preview', (i) => i.naturalWidth)) === 640 &&
    (await page.$eval('#preview-page', (e) => e.textContent)).startsWith('第1/'));
  await page.screenshot({ path: 'admin-2-editor.png', fullPage: true });
  await page.click('#edit-form button[type=submit]');
  await page.waitForSelector('#list-view:not(.hidden)');
  await page.waitForFunction(() => [...document.querySelectorAll('#articles .title')].some((e) => e.textContent.includes('周六义诊通知')));
  const state = await page.$$eval('#articles li', (lis) => lis.map((li) => li.textContent));
  check('listed-showing', state.some((t) => t.includes('周六义诊通知') && t.includes('播放中')), state.join(' | '));
  await page.screenshot({ path: 'admin-3-list.png', fullPage: true });
  check('board-shows-notice', await boardShows('周六义诊通知'), JSON.stringify(slides.slice(-4)));
  const files = readdirSync(content);
  const text = files.length === 1 ? readFileSync(join(content, files[0]), 'utf8') : '';
  check('file-in-content-folder', text.includes('priority: 1') && text.includes('days: 一至日') &&
    text.includes('hours: 00:00-24:00'), files.join(',') + ' ' + text);

  // edit it: the title changes on the board
  // the list is redrawn after each change: click it once it has settled
  await page.waitForNetworkIdle({ idleTime: 300 });
  await page.click('#articles li');
  await page.waitForSelector('#edit-view:not(.hidden)');
  check('editor-filled', (await page.$eval('#f-title', (e) => e.value)) === '周六义诊通知');
  await page.$eval('#f-title', (e) => { e.value = ''; });
  await page.type('#f-title', '周六义诊（改到下午）');
  await page.click('#edit-form button[type=submit]');
  await page.waitForSelector('#list-view:not(.hidden)');
  check('board-shows-edit', await boardShows('周六义诊（改到下午）'), JSON.stringify(slides.slice(-4)));

  // a poster uploaded from the phone: in the content folder, listed
  const fileInput = await page.$('#upload-file');
  const posterPng = join(tmp, '义诊海报.png');
  spawnSync(baolan, ['render', process.env.BL_SOURCE_DIR_ARTICLE || join(new URL('.', import.meta.url).pathname, '../../assets/articles/2026-03-13-01-fengtai-cadres-meeting.txt'),
    '--size', '300x400', '--page', '1', '--out', posterPng, '--quiet']);
  await fileInput.uploadFile(posterPng);
  await page.select('#upload-kind', 'poster');
  await page.click('#upload-form button[type=submit]');
  await page.waitForFunction(() => !document.querySelector('#upload-result').classList.contains('hidden') ||
    document.querySelector('#upload-error').textContent.length > 0);
  const upl = await page.$eval('#upload-result', (e) => e.textContent);
  check('poster-uploaded', upl.includes('义诊海报.png') && readdirSync(content).includes('义诊海报.png'), upl);
  await page.waitForFunction(() => [...document.querySelectorAll('#articles li')].some((li) => li.textContent.includes('海报')));
  check('poster-listed', true);
  // a picture for the notice: uploaded, then named in the notice
  const picInput = await page.$('#upload-file');
  await picInput.uploadFile(posterPng);
  await page.select('#upload-kind', 'picture');
  await page.$eval('#upload-result', (e) => { e.textContent = ''; e.classList.add('hidden'); });
  await page.click('#upload-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#upload-result').textContent.includes('pictures/'));
  const picPath = (await page.$eval('#upload-result', (e) => e.textContent)).match(/pictures\/\S+/)[0];
  // the list is redrawn after each change: click it once it has settled
  await page.waitForNetworkIdle({ idleTime: 300 });
  await page.click('#articles li');
  await page.waitForSelector('#edit-view:not(.hidden)');
  await page.type('#f-image', picPath);
  await page.type('#f-caption', '▲义诊现场');
  await page.click('#edit-form button[type=submit]');
  await page.waitForSelector('#list-view:not(.hidden)');
  const noticeFile = readdirSync(content).find((n) => n.endsWith('.txt'));
  const noticeText = noticeFile ? readFileSync(join(content, noticeFile), 'utf8') : '';
  check('notice-with-picture', noticeText.includes('image: ' + picPath) && noticeText.includes('caption: ▲义诊现场'), noticeText);
  await page.click('#show-audit');
  await page.waitForFunction(() => !document.querySelector('#audit').classList.contains('hidden'));
  const auditText = await page.$eval('#audit', (e) => e.textContent);
  check('audit-shown', auditText.includes('王阿姨') && auditText.includes('上传海报') && auditText.includes('新建'), auditText);

  // the screen now, as the board shows it
  await page.click('#show-screen');
  await page.waitForFunction(() => { const i = document.querySelector('#screen'); return i.complete && i.naturalWidth > 0; });
  check('screen-shown', (await page.$eval('#screen', (i) => i.naturalWidth)) === 640);

  // an emergency alert from the phone: on the board within 2 s
  await page.type('#alert-text', '三号楼电梯故障，请走楼梯，注意安全！');
  await page.select('#alert-minutes', '15');
  const sent = Date.now();
  await page.click('#alert-form button[type=submit]');
  let took = null;
  for (let i = 0; i < 200 && took === null; i++) {
    if (slides.some((sl) => sl.kind === 'alert' && sl.article === '三号楼电梯故障，请走楼梯，注意安全！')) took = Date.now() - sent;
    else await new Promise((r) => setTimeout(r, 50));
  }
  // measured, not asserted (the issue asks for 2 s): fails only if it never comes
  check('alert-on-board', took !== null, String(took));
  console.log(`     alert reached the board in ${took} ms (the issue asks for 2 s)`);
  await page.waitForFunction(() => !document.querySelector('#alert-now').classList.contains('hidden'));
  await page.click('#show-screen');
  await page.waitForFunction(() => { const i = document.querySelector('#screen'); return i.complete && i.naturalWidth > 0 && i.src.includes('t='); });
  await new Promise((r) => setTimeout(r, 300));
  await page.screenshot({ path: 'admin-5-alert.png', fullPage: true });
  await page.click('#alert-clear');
  await page.waitForFunction(() => document.querySelector('#alert-now').classList.contains('hidden'));
  check('alert-cleared', true);

  // a bad time: the server's reason, in the page, nothing saved
  await page.click('#new-notice');
  await page.waitForSelector('#edit-view:not(.hidden)');
  await page.type('#f-title', '坏通知');
  await page.type('#f-body', '正文');
  await page.$eval('#f-link', (e) => { e.type = 'text'; e.value = 'x'.repeat(3); });
  await page.evaluate(() => { document.querySelector('#f-show-from').type = 'text'; document.querySelector('#f-show-from').value = '明天'; });
  await page.click('#edit-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#edit-error').textContent.length > 0);
  const why = await page.$eval('#edit-error', (e) => e.textContent);
  check('bad-input-reason-shown', why.includes('show-from'), why);
  await page.screenshot({ path: 'admin-4-error.png', fullPage: true });
  check('no-page-errors', errors.length === 0, errors.join('; '));
} catch (e) {
  check('page-flow', false, String(e && e.stack || e));
} finally {
  await browser.close();
  admin.kill('SIGTERM');
  board.kill('SIGTERM');
}
console.log(`browser_admin: ${fails} failed`);
process.exit(fails ? 1 : 0);
