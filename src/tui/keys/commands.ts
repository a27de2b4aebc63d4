/**
 * Every command the console knows, by id. Key tables bind keys to these ids, and the
 * controller runs them: components never look at raw keys.
 */
export const Command = {
  Quit: "app.quit",
  Help: "app.help",
  FocusNext: "focus.next",
  FocusPrevious: "focus.previous",
  Zoom: "focus.zoom",
  CommandPrompt: "prompt.command",
  Filter: "prompt.filter",
  AllNamespaces: "namespace.all",
  FavouriteNamespace: "namespace.favourite",
  SpeedUp: "time.faster",
  SlowDown: "time.slower",
  Pause: "time.pause",
  Advance: "time.advance",

  Up: "nav.up",
  Down: "nav.down",
  Top: "nav.top",
  Bottom: "nav.bottom",
  PageUp: "nav.pageUp",
  PageDown: "nav.pageDown",
  Enter: "nav.enter",
  Back: "nav.back",
  HistoryBack: "nav.historyBack",
  HistoryForward: "nav.historyForward",

  Describe: "object.describe",
  Yaml: "object.yaml",
  Edit: "object.edit",
  Delete: "object.delete",
  CopyName: "object.copyName",
  CopyNamespace: "object.copyNamespace",

  Cordon: "node.cordon",
  Uncordon: "node.uncordon",
  Mark: "node.mark",
  Drain: "node.drain",

  DrainCancel: "drain.cancel",
  DrainHide: "drain.hide",

  WorkloadLogs: "workload.logs",
  Scale: "workload.scale",
  RolloutRestart: "workload.restart",
  RolloutUndo: "workload.undo",
  SetImage: "workload.setImage",
  TriggerCronJob: "workload.trigger",
  PauseResume: "workload.pause",
  Shell: "pod.shell",

  EventsFollow: "events.follow",

  LogFollow: "logs.follow",
  LogWrap: "logs.wrap",
  LogTimestamps: "logs.timestamps",
  LogContainer: "logs.container",
  LogPrevious: "logs.previous",
  LogSince: "logs.since",
  LogClear: "logs.clear",
  LogSave: "logs.save",

  Close: "overlay.close",

  Submit: "prompt.submit",
  Cancel: "prompt.cancel",
  Complete: "prompt.complete",
  PromptHistoryBack: "prompt.historyBack",
  PromptHistoryForward: "prompt.historyForward",

  Yes: "dialog.yes",
  No: "dialog.no",
  NextField: "dialog.nextField",
  PreviousField: "dialog.previousField",
  ChangeField: "dialog.change",
} as const;

export type CommandId = (typeof Command)[keyof typeof Command];
