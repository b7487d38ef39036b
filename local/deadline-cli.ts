/**
 * npm run deadline -- <规则> <起算日>
 * npm run deadline -- --tasks        the bureau's plan tasks (data/plan-tasks.json) with their deadlines
 *
 * Prints the due date (YYYY-MM-DD) on the first line, then how it was counted.
 * Exit codes: 0 ok; 2 unknown rule (the rule names go to stderr) or bad/missing date (an example).
 */
import { loadCalendar, loadPlanTasks, loadRules } from '../functions/adapters/calendar/index.ts';
import { answerDeadlineQuery, ruleNames } from '../functions/domain/deadlines/index.ts';

function main(argv: readonly string[]): number {
  const rules = loadRules();
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    process.stderr.write(
      `用法：npm run deadline -- <规则> <起算日>\n      npm run deadline -- --tasks（实施方案任务及完成时限）\n例如：npm run deadline -- 处罚决定公开 2026-09-28\n可用的规则：${ruleNames(rules).join('、')}\n`,
    );
    return 2;
  }
  if (argv[0] === '--tasks') {
    // One line per task: id, deadline (or 长期执行), responsible section, task: measure.
    const lines = loadPlanTasks().map((t) => {
      const when = t.limit.kind === 'dated' ? `${t.limit.deadline}（${t.limit.text}）` : '长期执行';
      return `${t.id}\t${when}\t${t.responsible}\t${t.task}：${t.measure}\n`;
    });
    process.stdout.write(lines.join(''));
    return 0;
  }
  const answer = answerDeadlineQuery(argv.join(' '), loadCalendar(), rules);
  if (!answer.ok) {
    process.stderr.write(`${answer.text.replaceAll('算期限 ', 'npm run deadline -- ')}\n`);
    return 2;
  }
  process.stdout.write(`${answer.result.dueDate}\n${answer.text}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
