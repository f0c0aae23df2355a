// Every word the client shows, in Japanese and English. Japanese is the default; English is
// chosen when the browser asks for English before Japanese, or by the person.
// The tone is deliberately soft: nothing here should push, hurry or alarm.

export type Lang = 'ja' | 'en';

const ja = {
  appName: '居場所',
  // Discreet mode: what the tab and the history say while the app is open (docs/architecture.md).
  discreetTitle: 'メモ',
  appNameSub: 'いばしょ',
  help: '相談先',
  quickExit: 'すぐ閉じる',
  quickExitLabel: 'すぐ閉じる（この画面の記録を消して、別のページに切り替えます）',
  switchLang: 'English',
  switchLangLabel: 'Switch to English',

  landingTitle: 'ここは、いてもいい場所です',
  landingLead:
    'ひきこもりの経験がある人と、そのご家族のための、名前を出さずに過ごせるおしゃべりの場所です。',
  landingPoint1: '名前も登録もいりません。ニックネームだけで入れます。',
  landingPoint2: '聞いているだけでも大丈夫です。話したくなったら、いつでも。',
  landingPoint3: '経験のあるピアサポーターが、場を見守っています。',
  landingPoint4: '右上の「すぐ閉じる」を押すと、記録を消して、すぐ別のページに切り替わります。',
  landingEnter: '部屋をのぞいてみる',
  landingNowTitle: 'いま、つらいときは',
  landingNowLead: 'ひとりで抱えなくて大丈夫です。話を聞いてくれる窓口があります。',
  landingMoreHelp: 'ほかの相談先を見る',
  landingPrivacyTitle: '記録について',
  landingPrivacy:
    '書いた言葉は、その部屋の短い履歴（最大1時間）にだけ残り、やがて消えます。家族と共有している端末なら、ブラウザのプライベート（シークレット）モードで開くと、閲覧履歴が残りません。',

  landingTraceTitle: '記録を残さないために',
  landingTrace1: 'このページのタブには「メモ」とだけ表示されます。',
  landingTrace2: '「すぐ閉じる」を押すと、この端末に残る手がかりは使えなくなり、別のページに切り替わります。',
  landingTrace3: '家族と共有している端末では、ブラウザのプライベート（シークレット）モードで開くのがいちばん安心です。',
  landingTrace4: 'あとで気になったら、ブラウザの設定から閲覧履歴を消すこともできます。',
  roomHiddenSomeone: '（名前は残していません）',
  roomsTitle: '部屋をえらぶ',
  roomsLead: '気になる部屋をのぞいてみてください。入ったあとも、聞いているだけで大丈夫です。',
  roomsLoading: '部屋の一覧を読み込んでいます…',
  roomsEmpty: 'いま開いている部屋はありません。',
  groupOpen: 'どなたでも',
  groupAge: '年代別',
  groupWomen: '女性',
  groupLgbtq: 'LGBTQ+',
  groupFamily: 'ご家族',
  audience_open: 'どなたでも',
  audience_age_u20: '20歳未満の方',
  audience_age_20s: '20代の方',
  audience_age_30s: '30代の方',
  audience_age_40plus: '40代以上の方',
  audience_women: '女性の方',
  audience_lgbtq: 'LGBTQ+の方',
  audience_family: 'ご家族の方',
  membersCount: '{n}人',
  membersListening: '{n}人（うち聞いている人 {l}人）',
  membersNone: 'いまは誰もいません',
  stateOpen: '開いています',
  stateLocked: 'いまは新しく入れません',
  statePaused: 'ひと休み中（読むことはできます）',
  stateClosed: 'いまは閉まっています',
  stateFull: 'いまは満員です',
  limitedBadge: '対象の方のための部屋',
  backToLanding: 'はじめの画面へ',
  refresh: '最新にする',

  joinTitle: '{room}に入る前に',
  joinFor: 'この部屋は、{who}のための部屋です。',
  joinRules: 'この部屋の約束',
  joinAffirm: 'わたしはこの部屋の対象で、約束を守ります',
  joinAffirmNeeded: '入る前に、上の確認にチェックを入れてください。',
  joinNick: 'ニックネーム',
  joinNickHint: '本名や連絡先は使わないでください。あとから変えられます（部屋に入り直すとき）。',
  joinNickOther: 'ほかの候補',
  joinListen: '聞いているだけで入る（あとで変えられます）',
  joinEnter: '入る',
  joinBack: '部屋の一覧にもどる',
  joinJoining: '入っています…',
  nickEmpty: 'ニックネームを入れてください。候補から選んでも大丈夫です。',

  roomLeave: '部屋を出る',
  roomPeople: 'ここにいる人',
  roomPeopleCount: 'ここにいる人 {n}人',
  roomPresence: '{n}人・聞いている{l}人',
  roomPresenceCountsOnly: 'この部屋では、人数だけが表示されます。',
  roomListening: '聞いている',
  roomTalking: '話す',
  roomMyStatus: 'いまのわたし',
  roomMessagesLabel: 'この部屋のメッセージ',
  roomEmpty: 'まだ静かです。聞いているだけでも、ここにいてくれてうれしいです。',
  roomComposerLabel: 'メッセージ',
  roomComposerPlaceholder: '書きたくなったら、ここに',
  roomSend: '送る',
  roomStampsLabel: 'スタンプを送る',
  roomSending: '送信中…',
  roomMore: '{nick}さんの発言への操作',
  roomMoreMine: '自分の発言への操作',
  roomReplyStamp: 'この発言にスタンプで返す',
  roomHide: 'この人の発言を隠す（自分の画面だけ）',
  roomHideShort: '隠す',
  roomHideNamed: '{nick}さんの発言を隠す（自分の画面だけ）',
  roomUnhideNamed: '{nick}さんの発言を元に戻す',
  roomYouNick: '{nick}（あなた）',
  roomHidden: '{nick}さんの発言を、あなたの画面でだけ隠しました。',
  roomUnhide: '元に戻す',
  roomHiddenPeople: '隠している人',
  roomHiddenNone: '隠している人はいません。',
  roomHideExplain: 'メッセージの「…」から、特定の人の発言を自分の画面でだけ隠せます。相手には伝わりません。',
  roomStampOn: '「{text}」に',
  roomGap: '前のメッセージの一部は、もう表示できません。',
  roomSlowMode: 'ゆっくりモード：{s}秒に1回まで書けます',
  roomReset: '部屋の記録が新しくなりました。',
  roomNewBelow: '新しいメッセージがあります',
  roomLeftByServer: 'この部屋は閉じられました。部屋の一覧から、ほかの部屋を選べます。',
  roomToList: '部屋の一覧へ',
  roomNotConnected: 'いまはつながっていません。つながったら送れます。書いた文はそのまま残ります。',
  roomCatchUp: '{n}件の新しいメッセージがあります。',
  statusListeningNow: 'いまは「聞いている」です。',
  statusTalkingNow: 'いまは「話す」です。',
  stamp_like: 'いいね',
  stamp_wakaru: 'わかる',
  stamp_thanks: 'ありがとう',
  stamp_hug: 'ハグ',
  listeningTag: '聞いている',
  talkingTag: '話している',
  announceMessage: '{nick}: {text}',
  announceStamp: '{nick}: {stamp}',

  err_slow_mode: 'この部屋はゆっくりモードです。{s}秒ほど待ってから送れます。書いた文はそのまま残しています。',
  err_rate_limited: '少し間をあけてから送ってください。書いた文はそのまま残しています。',
  err_room_paused: 'いまは書き込みをひと休みしています。読むことはできます。書いた文は残しています。',
  err_room_closed: 'この部屋はいま閉まっています。',
  err_room_locked: 'この部屋には、いまは新しく入れません。少し時間をおいてみてください。',
  err_room_full: 'この部屋はいま満員です。少し時間をおくか、ほかの部屋をのぞいてみてください。',
  err_too_many_rooms: '一度に入れる部屋の数がいっぱいです。ほかの部屋をひとつ出てから入ってください。',
  err_bad_nick: 'このニックネームは使えません。別の名前にしてみてください（連絡先や長すぎる名前は使えません）。',
  err_text_too_long: '少し長すぎるようです。2000文字までにしてください。',
  err_empty_text: '送る文が空でした。',
  err_no_such_room: 'この部屋は見つかりませんでした。一覧を新しくします。',
  err_service_degraded: 'いまサーバーが少し混み合っています。少ししてからもう一度どうぞ。',
  err_generic: 'うまくいきませんでした。少ししてからもう一度どうぞ。',

  bannerOffline: 'つながりが切れています。もどったら自動でつなぎ直します。書きかけの文は消えません。',
  bannerReconnecting: 'つなぎ直しています…',
  bannerBack: 'つながりました。',

  replacedTitle: 'ほかの画面で開かれました',
  replacedText: 'この会話は、別のタブや画面で開かれたため、ここでは止まっています。',
  replacedButton: 'この画面で続ける',
  removedTitle: 'この部屋からは退室となりました',
  removedText:
    'ピアサポーターの判断で、いまはこの場所を使えなくなりました。つらい気持ちがあるときは、下の相談先に話してみてください。',
  removedHome: 'はじめの画面へ',

  helpTitle: '相談先',
  helpLead: 'ひとりで抱えなくて大丈夫です。電話で話を聞いてくれる窓口です。匿名で相談できます。',
  helpEmergency: '命の危険があるときは、すぐに {tel} へ電話してください。',
  helpCall: '{tel} に電話する',
  helpHours: '受付',
  helpHoursUnknown: '受付時間は公式の案内で確かめてください',
  helpNote: '受付時間は変わることがあります。つながりにくいときは、少し時間をおいてかけ直してみてください。',
  helpLoading: '相談先を読み込んでいます…',
  helpFailed: '相談先を読み込めませんでした。',
  helpRetry: 'もう一度読み込む',
  helpClose: 'もどる',

  badge_supporter: 'サポーター',
  badge_organiser: '運営',
  roomTombstone: 'このメッセージはサポーターが非表示にしました',
  roomReport: 'サポーターに知らせる',
  reportTitle: 'この発言をサポーターに知らせる',
  reportAnon: '知らせたのが誰かは、書いた人にもサポーターにも伝わりません（匿名です）。',
  reportReason: '知らせたいこと',
  reason_hurtful: '傷つく・攻撃的な内容',
  reason_spam: '宣伝やくり返しの書き込み',
  reason_contact: '連絡先や、外で会うさそい',
  reason_worried: 'この人のことが心配',
  reason_operator: '運営にだけ知らせたい',
  reason_other: 'そのほか',
  reportNote: 'ひとこと（なくても大丈夫です。300文字まで）',
  reportSend: '知らせる',
  reportCancel: 'やめる',
  reportDone: '知らせてくれてありがとう。サポーターに届きました。',
  askButton: 'サポーターと1対1で話す',
  askExplain: 'ほかの参加者には見えません。',
  askWaiting: 'サポーターを呼んでいます。少しだけお待ちください。',
  askCancel: '呼ぶのをやめる',
  askFailed: 'いまはサポーターを呼べませんでした。少ししてからもう一度どうぞ。',
  privateTitle: '{staff}さん（サポーター）と1対1',
  privateLead: 'ここでの会話は、あなたとサポーターにだけ見えます。',
  privateLabel: 'サポーターへのメッセージ',
  privateEnd: '1対1を終える',
  privateEndedStaff: 'サポーターが1対1を終えました。部屋の会話はそのまま続いています。',
  privateEndedMe: '1対1を終えました。',
  privateClose: '閉じる',
  privateShow: '1対1を開く',
  privateHide: '部屋の会話を見る',
  privateEmpty: 'サポーターにつながりました。話したいことを、ゆっくり書いてください。',
  noticeTitle: 'サポーターから',
  notice_muted: 'サポーターの判断で、{until}まで書き込みをお休みしています。読むことはできます。',
  notice_removed: 'サポーターの判断で、この部屋から退室となりました。{until}からまた入れます。',
  notice_banned: 'サポーターの判断で、{until}まで、この場所は使えません。',
  noticeDismiss: '閉じる',
  // Issue 12: the help card after a hard message, and the notices the server sends by itself.
  // Safe-messaging wording: warm and hopeful, never a warning, never about means or detection.
  helpCardLead: '書いてくれてありがとう。つらい気持ちを、ひとりで抱えなくていいよ。',
  helpCardAsk: 'いまピアサポーターと話す',
  helpCardNoStaff: 'いまはスタッフがいませんが、こちらの窓口につながります',
  helpCardLines: '話を聞いてくれる窓口',
  helpCardMore: 'ほかの相談先を見る',
  helpCardClose: '閉じる',
  helpCardCloseLabel: 'このカードを閉じる',
  notice_contact_masked: '連絡先は、あなたとみんなを守るために表示されません。',
  notice_not_shown: 'さきほどの書き込みは、ほかの人には表示されていません。',
  notice_muted_flood: '書き込みが続いたので、{time} まで少しお休みです。',
  notShownMark: 'ほかの人には表示されていません',
  noSupporter: 'いまはサポーターがいないため、読むだけの時間です',
  roomPinned: 'サポーターからのお知らせ',
  err_muted: '{until}まで書き込みをお休みしています。書いた文はそのまま残しています。',
  err_no_supporter: 'いまはサポーターがいないため、読むだけの時間です。書いた文はそのまま残しています。',
  err_banned: 'いまはこの場所を使えません。{until}からまた来てください。',
  err_removed: 'この部屋には、{until}まで入れません。ほかの部屋はのぞけます。',
  err_forbidden: 'それはできません。',
  joinHeld: 'この部屋では、サポーターがひとりずつ迎え入れています。少しだけお待ちください。',
  roomLeftRemoved: 'サポーターの判断で、この部屋から退室となりました。',
  roomLeftBanned: 'サポーターの判断で、いまはこの場所を使えません。',
};

export type Key = keyof typeof ja;

const en: Record<Key, string> = {
  appName: 'ibasho',
  discreetTitle: 'Notes',
  appNameSub: '居場所',
  help: 'Help',
  quickExit: 'Quick exit',
  quickExitLabel: 'Quick exit (clears this page and switches to another page)',
  switchLang: '日本語',
  switchLangLabel: '日本語に切り替える',

  landingTitle: 'You are welcome to just be here',
  landingLead:
    'An anonymous place to chat for people who have lived in social withdrawal (hikikomori), and for their families.',
  landingPoint1: 'No name, no account. A nickname is all you need.',
  landingPoint2: 'Just listening is enough. Talk only if and when you want to.',
  landingPoint3: 'Peer supporters with lived experience look after every room.',
  landingPoint4: '“Quick exit” at the top clears this page and switches to another page at once.',
  landingEnter: 'Look at the rooms',
  landingNowTitle: 'If things are hard right now',
  landingNowLead: 'You do not have to carry it alone. There are people who will listen.',
  landingMoreHelp: 'More places to call',
  landingPrivacyTitle: 'What is kept',
  landingPrivacy:
    'What you write stays only in the room’s short history (an hour at most) and then disappears. On a device you share with family, a private (incognito) browser window leaves no browsing history.',

  landingTraceTitle: 'Leaving no trace',
  landingTrace1: 'The tab of this page only says “Notes”.',
  landingTrace2: 'Quick exit makes what this device keeps useless and switches to another page.',
  landingTrace3: 'On a device you share with family, a private (incognito) browser window is the safest way in.',
  landingTrace4: 'If you want, you can also clear the browsing history later in the browser’s settings.',
  roomHiddenSomeone: '(name not kept)',
  roomsTitle: 'Choose a room',
  roomsLead: 'Have a look inside any room. Once in, listening is enough.',
  roomsLoading: 'Loading the rooms…',
  roomsEmpty: 'No rooms are open right now.',
  groupOpen: 'Open to everyone',
  groupAge: 'By age',
  groupWomen: 'Women',
  groupLgbtq: 'LGBTQ+',
  groupFamily: 'Families',
  audience_open: 'everyone',
  audience_age_u20: 'people under 20',
  audience_age_20s: 'people in their 20s',
  audience_age_30s: 'people in their 30s',
  audience_age_40plus: 'people aged 40 and over',
  audience_women: 'women',
  audience_lgbtq: 'LGBTQ+ people',
  audience_family: 'family members',
  membersCount: '{n} here',
  membersListening: '{n} here ({l} listening)',
  membersNone: 'Nobody here right now',
  stateOpen: 'Open',
  stateLocked: 'Not taking new people just now',
  statePaused: 'Taking a pause (you can still read)',
  stateClosed: 'Closed for now',
  stateFull: 'Full right now',
  limitedBadge: 'For a particular group',
  backToLanding: 'First page',
  refresh: 'Refresh',

  joinTitle: 'Before you enter: {room}',
  joinFor: 'This room is for {who}.',
  joinRules: 'This room’s agreements',
  joinAffirm: 'This room is for me, and I accept its agreements',
  joinAffirmNeeded: 'Please tick the box above before entering.',
  joinNick: 'Nickname',
  joinNickHint: 'Please don’t use your real name or contact details. You can pick another next time you enter.',
  joinNickOther: 'Another idea',
  joinListen: 'Enter as a listener (you can change this later)',
  joinEnter: 'Enter',
  joinBack: 'Back to the rooms',
  joinJoining: 'Entering…',
  nickEmpty: 'Please enter a nickname. Picking a suggestion is fine.',

  roomLeave: 'Leave room',
  roomPeople: 'Who is here',
  roomPeopleCount: 'Who is here ({n})',
  roomPresence: '{n} here ({l} listening)',
  roomPresenceCountsOnly: 'In this room only the numbers are shown.',
  roomListening: 'Listening',
  roomTalking: 'Talking',
  roomMyStatus: 'Right now I am',
  roomMessagesLabel: 'Messages in this room',
  roomEmpty: 'It is quiet for now. Even just listening, we are glad you are here.',
  roomComposerLabel: 'Message',
  roomComposerPlaceholder: 'Write here if you like',
  roomSend: 'Send',
  roomStampsLabel: 'Send a stamp',
  roomSending: 'Sending…',
  roomMore: 'Options for {nick}’s message',
  roomMoreMine: 'Options for your message',
  roomReplyStamp: 'Answer this message with a stamp',
  roomHide: 'Hide this person’s messages (only on your screen)',
  roomHideShort: 'Hide',
  roomHideNamed: 'Hide {nick}’s messages (only on your screen)',
  roomUnhideNamed: 'Show {nick}’s messages again',
  roomYouNick: '{nick} (you)',
  roomHidden: 'Messages from {nick} are hidden, only on your screen.',
  roomUnhide: 'Show again',
  roomHiddenPeople: 'People you have hidden',
  roomHiddenNone: 'You have not hidden anyone.',
  roomHideExplain: 'With “…” on a message you can hide someone’s messages on your screen only. They are not told.',
  roomStampOn: 'to “{text}”',
  roomGap: 'Some earlier messages are no longer available.',
  roomSlowMode: 'Slow mode: one message every {s} seconds',
  roomReset: 'The room’s history started afresh.',
  roomNewBelow: 'New messages below',
  roomLeftByServer: 'This room has closed. You can choose another room from the list.',
  roomToList: 'To the rooms',
  roomNotConnected: 'Not connected right now. You can send once we are back; your text stays here.',
  roomCatchUp: '{n} new messages.',
  statusListeningNow: 'You are listening now.',
  statusTalkingNow: 'You are taking part now.',
  stamp_like: 'Like',
  stamp_wakaru: 'I get it',
  stamp_thanks: 'Thanks',
  stamp_hug: 'Hug',
  listeningTag: 'listening',
  talkingTag: 'talking',
  announceMessage: '{nick}: {text}',
  announceStamp: '{nick}: {stamp}',

  err_slow_mode: 'This room is in slow mode. You can send in about {s} s; your text is kept.',
  err_rate_limited: 'Please leave a little time between messages; your text is kept.',
  err_room_paused: 'Writing is paused for a while. You can still read; your text is kept.',
  err_room_closed: 'This room is closed right now.',
  err_room_locked: 'This room is not taking new people just now. Please try again a little later.',
  err_room_full: 'This room is full right now. Try again a little later, or look at another room.',
  err_too_many_rooms: 'You are in as many rooms as one visit allows. Leave one to join another.',
  err_bad_nick: 'That nickname can’t be used. Please try another (no contact details, not too long).',
  err_text_too_long: 'That is a little too long. Please keep it to 2000 characters.',
  err_empty_text: 'There was nothing to send.',
  err_no_such_room: 'That room could not be found. The list will be refreshed.',
  err_service_degraded: 'The server is busy right now. Please try again in a moment.',
  err_generic: 'That did not work. Please try again in a moment.',

  bannerOffline: 'The connection is lost. We will reconnect by ourselves when it is back. Your unsent text is kept.',
  bannerReconnecting: 'Reconnecting…',
  bannerBack: 'Connected again.',

  replacedTitle: 'Opened somewhere else',
  replacedText: 'This conversation was opened in another tab or window, so it has stopped here.',
  replacedButton: 'Continue here',
  removedTitle: 'You have been taken out of the room',
  removedText:
    'A peer supporter decided that this place is not available to you for now. If you are having a hard time, please talk to one of the services below.',
  removedHome: 'First page',

  helpTitle: 'Get help',
  helpLead: 'You do not have to carry it alone. These services will listen on the phone, anonymously. Most answer in Japanese.',
  helpEmergency: 'If a life is in danger, call {tel} now.',
  helpCall: 'Call {tel}',
  helpHours: 'Hours',
  helpHoursUnknown: 'Please check the official hours',
  helpNote: 'Hours can change. If you cannot get through, please try again a little later.',
  helpLoading: 'Loading the services…',
  helpFailed: 'The list of services could not be loaded.',
  helpRetry: 'Try again',
  helpClose: 'Back',

  badge_supporter: 'Supporter',
  badge_organiser: 'Organiser',
  roomTombstone: 'A supporter hid this message',
  roomReport: 'Tell a supporter',
  reportTitle: 'Tell a supporter about this message',
  reportAnon: 'Nobody is told who sent this, neither the writer nor the supporters (it is anonymous).',
  reportReason: 'What is it about?',
  reason_hurtful: 'Hurtful or hostile',
  reason_spam: 'Advertising or flooding',
  reason_contact: 'Contact details, or asking to meet outside',
  reason_worried: 'I am worried about this person',
  reason_operator: 'For the organisers only',
  reason_other: 'Something else',
  reportNote: 'A few words (optional, up to 300 characters)',
  reportSend: 'Send',
  reportCancel: 'Cancel',
  reportDone: 'Thank you for telling us. It has reached the supporters.',
  askButton: 'Talk with a supporter one to one',
  askExplain: 'Other participants cannot see it.',
  askWaiting: 'Asking a supporter. Please wait a little.',
  askCancel: 'Stop asking',
  askFailed: 'No supporter could be asked just now. Please try again in a moment.',
  privateTitle: 'One to one with {staff} (supporter)',
  privateLead: 'Only you and the supporter can see this conversation.',
  privateLabel: 'Message to the supporter',
  privateEnd: 'End the one to one',
  privateEndedStaff: 'The supporter has ended the one to one. The room goes on as before.',
  privateEndedMe: 'You ended the one to one.',
  privateClose: 'Close',
  privateShow: 'Open the one to one',
  privateHide: 'See the room',
  privateEmpty: 'A supporter is here with you. Write whatever you like, in your own time.',
  noticeTitle: 'From a supporter',
  notice_muted: 'A supporter has paused your writing until {until}. You can still read.',
  notice_removed: 'A supporter has taken you out of this room. You can come back from {until}.',
  notice_banned: 'A supporter has decided this place is not available to you until {until}.',
  noticeDismiss: 'Dismiss',
  helpCardLead: 'Thank you for writing this. You do not have to carry these feelings alone.',
  helpCardAsk: 'Talk with a peer supporter now',
  helpCardNoStaff: 'Nobody from the team is here right now, but these lines are',
  helpCardLines: 'People who will listen',
  helpCardMore: 'See more places to talk',
  helpCardClose: 'Close',
  helpCardCloseLabel: 'Close this card',
  notice_contact_masked: 'Contact details are not shown, to keep you and everyone here safe.',
  notice_not_shown: 'Your last message is not shown to others.',
  notice_muted_flood: 'Lots of messages in a row, so writing rests a little, until {time}.',
  notShownMark: 'Not shown to others',
  noSupporter: 'No supporter is here right now, so this is a time for reading.',
  roomPinned: 'Note from the supporters',
  err_muted: 'Your writing is paused until {until}. Your text is kept.',
  err_no_supporter: 'No supporter is here right now, so this is a time for reading. Your text is kept.',
  err_banned: 'This place is not available to you right now. Please come back from {until}.',
  err_removed: 'You cannot enter this room until {until}. Other rooms are open to you.',
  err_forbidden: 'That is not possible.',
  joinHeld: 'A supporter is letting people into this room one at a time. Please wait a little.',
  roomLeftRemoved: 'A supporter has taken you out of this room.',
  roomLeftBanned: 'A supporter has decided this place is not available to you for now.',
};

const tables: Record<Lang, Record<Key, string>> = { ja, en };

let current: Lang = 'ja';

export function lang(): Lang {
  return current;
}

export function setLang(l: Lang): void {
  current = l;
  document.documentElement.lang = l;
}

// Japanese unless the browser lists English before any Japanese.
export function detectLang(languages: readonly string[] | undefined): Lang {
  for (const raw of languages ?? []) {
    const l = raw.toLowerCase();
    if (l === 'ja' || l.startsWith('ja-')) return 'ja';
    if (l === 'en' || l.startsWith('en-')) return 'en';
  }
  return 'ja';
}

export function t(key: Key, vars?: Record<string, string | number>): string {
  let s = tables[current][key];
  if (vars) {
    for (const name of Object.keys(vars)) {
      s = s.split('{' + name + '}').join(String(vars[name]));
    }
  }
  return s;
}

// A moment in the person's local time, short: "12月1日 10:15" / "1 Dec, 10:15".
export function when(ms: number): string {
  try {
    return new Date(ms).toLocaleString(current === 'ja' ? 'ja-JP' : 'en-GB', {
      month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
    });
  } catch {
    return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  }
}

// A time of day in the person's local time, as HH:MM (a short pause ends within the hour).
export function clockTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => (n < 10 ? '0' + n : String(n));
  return `${two(d.getHours())}:${two(d.getMinutes())}`;
}

// Picks the text for the current language from a {ja, en} object sent by the server or the
// help directory, falling back to the other language (and saying which one it is).
export function pick(text: { ja?: string; en?: string } | undefined | null): { text: string; lang: Lang } {
  const want = current;
  const other: Lang = want === 'ja' ? 'en' : 'ja';
  const a = text?.[want];
  if (a) return { text: a, lang: want };
  const b = text?.[other];
  if (b) return { text: b, lang: other };
  return { text: '', lang: want };
}
