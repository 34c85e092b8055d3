/**
 * The requests of recordings, as the policy reads them: method, target, and the body as text
 * (inline, base64 or a sidecar blob). Bodies over the policy's size limit are not read: the
 * policy refuses them the same way live.
 */
import path from 'node:path';
import { findRecordings, readBody, readRecording } from '@docktape/recording';
import { DEFAULT_MAX_BODY_BYTES, type RecordedRequest } from '@docktape/policy';

export async function recordedRequests(paths: string[], maxBodyBytes = DEFAULT_MAX_BODY_BYTES): Promise<RecordedRequest[]> {
  const out: RecordedRequest[] = [];
  for (const file of await findRecordings(paths)) {
    const recording = await readRecording(file);
    const name = path.relative(process.cwd(), file) || file;
    for (const entry of [...recording.entries].sort((a, b) => a._seq - b._seq)) {
      const url = new URL(entry.request.url, 'http://docker');
      const post = entry.request.postData;
      const request: RecordedRequest = { ref: `${name}#${entry._seq}`, method: entry.request.method, url: `${url.pathname}${url.search}` };
      if (post && post.size > 0) {
        request.bodySize = post.size;
        if (post.size <= maxBodyBytes) request.body = (await readBody(file, post, entry._seq)).toString('utf8');
      }
      out.push(request);
    }
  }
  return out;
}
