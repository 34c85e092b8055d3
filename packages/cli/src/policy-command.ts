/**
 * `docktape policy test|learn|show`: wiring only (policy-args.ts parses, @docktape/policy
 * decides, policy-requests.ts reads recordings). Exit codes: 0 fine, 1 `test` found refusals
 * or a recording/policy could not be read, 2 usage.
 */
import { decideRequest, learnPolicy, loadPolicy, PolicyError, type Policy } from '@docktape/policy';
import { RecordingError } from '@docktape/recording';
import { stringify } from 'yaml';
import { parsePolicyCli, POLICY_HELP } from './policy-args.js';
import { recordedRequests } from './policy-requests.js';
import { UsageError } from './usage-error.js';

const out = (text: string) => process.stdout.write(text);
const err = (text: string) => process.stderr.write(`docktape policy: ${text}\n`);

function showPolicy(policy: Policy): string {
  const { source, ...rest } = policy;
  return `# ${source}, with its bases merged in\n${stringify(rest, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

export async function runPolicyCli(argv: string[]): Promise<number> {
  let command;
  try {
    command = parsePolicyCli(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`docktape policy: ${e.message}\n\n${POLICY_HELP}`);
    return 2;
  }
  if (command.kind === 'help') {
    out(POLICY_HELP);
    return 0;
  }
  try {
    if (command.kind === 'show') {
      out(showPolicy(loadPolicy(command.policy)));
      return 0;
    }
    if (command.kind === 'learn') {
      const requests = await recordedRequests(command.paths);
      const learned = learnPolicy(requests, command.paths);
      out(learned.yaml);
      for (const u of learned.unlearnable) err(`${u.ref}: not allowed by any policy: ${u.reason}`);
      return 0;
    }
    const policy = loadPolicy(command.policy);
    const requests = await recordedRequests(command.paths, policy.maxBodyBytes);
    let refused = 0;
    for (const request of requests) {
      const d = decideRequest(policy, request);
      if (d.decision === 'allow') continue;
      refused++;
      out(`${d.decision === 'deny' ? 'DENY' : 'WOULD DENY'} ${request.ref} ${request.method} ${request.url}: rule ${JSON.stringify(d.rule)}: ${d.reason}\n`);
    }
    out(`${refused} of ${requests.length} recorded requests ${policy.mode === 'enforce' ? 'would be refused' : `would be logged as would_deny (mode ${policy.mode})`} by ${policy.source}\n`);
    return refused > 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof PolicyError || e instanceof RecordingError) {
      err(e.message);
      return 1;
    }
    throw e;
  }
}
