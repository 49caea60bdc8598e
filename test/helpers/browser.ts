// Debian's Chromium driven by playwright-core, with a fake camera playing a y4m video made by
// ffmpeg from a real face photo (../shared/faces). Pages load from http://127.0.0.1 (a secure
// context, so getUserMedia works).
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { cameraFrame } from '../../bench/fixtures.js';
import { face } from './faces.js';
import { tempDir } from './tmp.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A short 640×480 y4m video of one photo, as a webcam would show the person at the counter. */
export async function fakeCameraVideo(rel: string): Promise<string> {
  const dir = tempDir('sophon-camera');
  const jpg = path.join(dir, 'frame.jpg');
  writeFileSync(jpg, await cameraFrame(face(rel), 92));
  const y4m = path.join(dir, 'camera.y4m');
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-loop', '1', '-i', jpg, '-t', '2', '-r', '10', '-pix_fmt', 'yuv420p', y4m]);
  return y4m;
}

export async function launchBrowser(video?: string): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is needed for the screen tests (apt-get install chromium): ${CHROMIUM} not found`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      ...(video ? [`--use-file-for-fake-video-capture=${video}`] : []),
    ],
  });
}
