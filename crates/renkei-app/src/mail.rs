//! What every e-mail says, Japanese first with English below, so every person can read it:
//! invitations, password resets, notifications of a workflow's steps, and a sales-channel
//! target's introduction. Sending is the web crate's mailer; queuing happens in the
//! transaction of what the mail tells of.

use chrono::Datelike;
use renkei_domain::event::registration::Move as RegistrationMove;
use renkei_store::{EventRecord, EventRegistrationRecord, Notice, OutgoingMail, UserRecord};

/// The message inviting a person to Renkei.
pub fn invitation(user: &UserRecord, invited_by: &str, link: &str) -> OutgoingMail {
    OutgoingMail {
        kind: "invitation",
        to: user.email.to_string(),
        subject: "【Renkei】アカウントへの招待 / Invitation to Renkei".to_owned(),
        body: format!(
            "{name} 様\n\n\
             {by} さんから、指定都市の医療・介護・健康関連産業支援プラットフォーム「Renkei」に招待されました。\n\
             次のリンクを開き、パスワードを設定してください（72時間有効・1回限り）。\n\n\
             {link}\n\n\
             お心当たりのない場合は、このメールを破棄してください。\n\n\
             ----\n\
             {by} has invited you to Renkei, the designated cities' platform for the medical,\n\
             nursing-care and health industries. Open the link above to set your password\n\
             (valid for 72 hours, once). If you did not expect this, ignore this message.\n",
            name = user.display_name,
            by = invited_by,
        ),
    }
}

/// The message telling a person with an account that they now act for a company or a
/// sales-channel target too.
pub fn role_added(user: &UserRecord, added_by: &str, team: &str, link: &str) -> OutgoingMail {
    OutgoingMail {
        kind: "role-added",
        to: user.email.to_string(),
        subject: format!("【Renkei】{team} の利用者に追加されました / Added to {team}"),
        body: format!(
            "{name} 様\n\n\
             {by} さんが、あなたのRenkeiのアカウントを「{team}」の利用者に追加しました。\n\
             次のリンクからサインインしてご利用ください。\n\n\
             {link}\n\n\
             お心当たりのない場合は、{by} さんにお問い合わせください。\n\n\
             ----\n\
             {by} has added your Renkei account to {team}. Sign in at the link above.\n",
            name = user.display_name,
            by = added_by,
        ),
    }
}

/// The message carrying a password-reset link.
pub fn password_reset(user: &UserRecord, link: &str) -> OutgoingMail {
    OutgoingMail {
        kind: "password-reset",
        to: user.email.to_string(),
        subject: "【Renkei】パスワードの再設定 / Resetting your password".to_owned(),
        body: format!(
            "{name} 様\n\n\
             パスワードの再設定が申請されました。次のリンクを開き、新しいパスワードを設定してください（1時間有効・1回限り）。\n\n\
             {link}\n\n\
             申請した覚えがない場合は、このメールを破棄してください。パスワードは変わりません。\n\n\
             ----\n\
             Someone asked to reset your Renkei password. Open the link above to set a new one\n\
             (valid for one hour, once). If it was not you, ignore this message: your password\n\
             stays as it is.\n",
            name = user.display_name,
        ),
    }
}

/// The e-mail of a referral notification (a hand-over, a target's answer, a reminder).
pub fn notice(user: &UserRecord, notice: &Notice, public_url: &str) -> OutgoingMail {
    OutgoingMail {
        kind: "referral-notice",
        to: user.email.to_string(),
        subject: format!(
            "【Renkei】{}",
            notice.ja.chars().take(60).collect::<String>()
        ),
        body: format!(
            "{name} 様\n\n{ja}\n\n{public_url}{link}\n\n\
             ----\n{en}\n",
            name = user.display_name,
            ja = notice.ja,
            en = notice.en,
            link = notice.link,
        ),
    }
}

/// The e-mail giving a sales-channel target's contact the one-time link to an introduction.
pub fn introduction(to: &str, target: &str, city: &str, product: &str, link: &str) -> OutgoingMail {
    OutgoingMail {
        kind: "target-introduction",
        to: to.to_owned(),
        subject: format!("【{city}】製品のご紹介「{product}」"),
        body: format!(
            "{target} ご担当者様\n\n\
             {city}より、他の指定都市の企業の製品「{product}」をご紹介します。\n\
             市がこの製品を紹介する理由と製品の概要を、次のページでご覧いただけます。\n\
             ご関心があれば「話を聞く」、なければ「辞退する」をお選びください（30日間有効・回答は1回限り）。\n\n\
             {link}\n\n\
             市は紹介までを担い、価格や取引条件の交渉には関与しません。\n\n\
             ----\n\
             {city} introduces \"{product}\", a product of a company in another designated city.\n\
             The page above says why the city recommends it; answer whether you would like to\n\
             hear about it (valid for 30 days, one answer).\n"
        ),
    }
}

/// The message telling an applicant their request to be registered was received.
pub fn registration_received(
    to: &str,
    name: &str,
    company: &str,
    city: &str,
    link: &str,
) -> OutgoingMail {
    OutgoingMail {
        kind: "registration-received",
        to: to.to_owned(),
        subject: format!(
            "【Renkei】企業登録のお申込みを受け付けました / Request received ({company})"
        ),
        body: format!(
            "{name} 様\n\n\
             「{company}」の企業登録のお申込みを{city}が受け付けました。\n\
             市が内容を確認し、承認またはお断りの結果をこのアドレスにお知らせします（通常10日以内）。\n\
             お申込みの状況の確認と、審査前の取り下げは次のリンクからできます。\n\n\
             {link}\n\n\
             お心当たりのない場合は、上のリンクから取り下げるか、このメールを破棄してください。\n\n\
             ----\n\
             {city} has received your request to register {company} on Renkei. The city will\n\
             tell you at this address whether it is approved (usually within 10 days). The link\n\
             above shows the request, and withdraws it while it waits. If you did not expect\n\
             this, withdraw it there or ignore this message.\n",
        ),
    }
}

/// A message of `kind` to the applicant `user` whose company is registered: the subject says
/// so, the body greets them by name before `text`.
fn to_approved_applicant(
    kind: &'static str,
    user: &UserRecord,
    company: &str,
    text: &str,
) -> OutgoingMail {
    OutgoingMail {
        kind,
        to: user.email.to_string(),
        subject: format!("【Renkei】企業登録が承認されました / {company} is registered"),
        body: format!("{name} 様\n\n{text}", name = user.display_name),
    }
}

/// The message telling an applicant their company is registered, with the link to set the
/// password of their new account.
pub fn registration_approved(
    user: &UserRecord,
    company: &str,
    city: &str,
    link: &str,
) -> OutgoingMail {
    let text = format!(
        "{city}が「{company}」の企業登録を承認しました。あなたは企業の利用者・管理者として登録されています。\n\
         次のリンクを開き、パスワードを設定してください（72時間有効・1回限り）。\n\n\
         {link}\n\n\
         ----\n\
         {city} has approved the registration of {company}. You are its user and manager.\n\
         Open the link above to set your password (valid for 72 hours, once).\n",
    );
    to_approved_applicant("invitation", user, company, &text)
}

/// The message telling an applicant who already has an account that their company is
/// registered and their account acts for it.
pub fn registration_approved_existing(
    user: &UserRecord,
    company: &str,
    city: &str,
    link: &str,
) -> OutgoingMail {
    let text = format!(
        "{city}が「{company}」の企業登録を承認しました。お持ちのアカウントを企業の利用者・管理者に追加しました。\n\
         次のリンクからサインインしてご利用ください。\n\n\
         {link}\n\n\
         ----\n\
         {city} has approved the registration of {company}; your account is now its user\n\
         and manager. Sign in at the link above.\n",
    );
    to_approved_applicant("role-added", user, company, &text)
}

/// The message telling an applicant the city declined their request, and why.
pub fn registration_declined(
    to: &str,
    name: &str,
    company: &str,
    city: &str,
    reason: &str,
) -> OutgoingMail {
    OutgoingMail {
        kind: "registration-declined",
        to: to.to_owned(),
        subject: format!("【Renkei】企業登録のお申込みについて / About your request ({company})"),
        body: format!(
            "{name} 様\n\n\
             「{company}」の企業登録のお申込みについて、{city}は今回はお受けできないと判断しました。\n\
             理由：\n{reason}\n\n\
             ご不明な点は{city}の担当窓口にお問い合わせください。\n\n\
             ----\n\
             {city} has declined the request to register {company}. The city's reason is given\n\
             above. Please contact the city with any questions.\n",
        ),
    }
}

/// An event's date and time as a mail says it: `2027年2月10日（水）13:30〜16:00`.
fn event_when(e: &EventRecord) -> String {
    let jst = renkei_domain::event::jst();
    let (s, t) = (
        e.starts_at.with_timezone(&jst),
        e.ends_at.with_timezone(&jst),
    );
    const DAYS: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];
    let day = DAYS[s.weekday().num_days_from_monday() as usize];
    if s.date_naive() == t.date_naive() {
        format!(
            "{}（{day}）{}〜{}",
            s.format("%Y年%-m月%-d日"),
            s.format("%H:%M"),
            t.format("%H:%M")
        )
    } else {
        format!(
            "{}（{day}）{}〜{}",
            s.format("%Y年%-m月%-d日"),
            s.format("%H:%M"),
            t.format("%Y年%-m月%-d日 %H:%M")
        )
    }
}

fn event_place(e: &EventRecord) -> String {
    match (&e.venue, &e.online_url) {
        (v, Some(u)) if v.is_empty() => format!("オンライン / Online: {u}"),
        (v, Some(u)) => format!("{v} / オンライン / Online: {u}"),
        (v, None) => v.clone(),
    }
}

/// What a move on a registration tells the registrant, in both languages.
fn event_move_words(
    e: &EventRecord,
    r: &EventRegistrationRecord,
    m: &RegistrationMove,
) -> (String, String) {
    let until = r
        .offer_expires_at
        .map(|t| {
            t.with_timezone(&renkei_domain::event::jst())
                .format("%Y年%-m月%-d日 %H:%M")
                .to_string()
        })
        .unwrap_or_default();
    match m {
        RegistrationMove::Place | RegistrationMove::Approve | RegistrationMove::Win | RegistrationMove::Accept => (
            "参加が確定しました。当日は添付の予定表（.ics）をご利用いただけます。受付では、下のリンクのページに表示されるQRコードをご提示ください。".into(),
            "Your place is confirmed. The attached calendar file (.ics) adds the event to your calendar. At the reception, show the QR code on the page of the link below.".into(),
        ),
        RegistrationMove::Wait | RegistrationMove::Lose => (
            format!("定員に達したため、キャンセル待ち（{}番目の到着順）として受け付けました。席が空いた場合はメールでご案内します。", r.arrival),
            "The event is full: you are on the waiting list. If a place frees, we will e-mail you.".into(),
        ),
        RegistrationMove::Ask => (
            "お申込みを受け付けました。主催者が確認のうえ、結果をメールでお知らせします。".into(),
            "Your registration was received. The organiser will confirm it and tell you by e-mail.".into(),
        ),
        RegistrationMove::Enter => (
            "抽選へのお申込みを受け付けました。申込締切後に抽選を行い、結果をメールでお知らせします。".into(),
            "You are entered in the lottery. The draw is made after registration closes; we will e-mail you the result.".into(),
        ),
        RegistrationMove::Offer => (
            format!("キャンセルが出たため、席をご用意しました。{until} までに下のリンクから参加を確定してください。期限を過ぎると次の方にご案内します。"),
            "A place has freed for you. Confirm it through the link below before the time above, or it goes to the next person.".into(),
        ),
        RegistrationMove::Lapse => (
            "繰り上げのご案内の期限が過ぎたため、お申込みは終了しました。".into(),
            "The offered place was not confirmed in time; your registration has ended.".into(),
        ),
        RegistrationMove::Decline(reason) => (
            format!("誠に恐れ入りますが、今回はご参加いただけません。理由: {reason}"),
            format!("We are sorry: your registration could not be accepted. Reason: {reason}"),
        ),
        RegistrationMove::Cancel if e.status == renkei_domain::event::Status::Cancelled => (
            "誠に恐れ入りますが、この催しは中止となりました。お申込みはキャンセルとなります。".into(),
            "We are sorry: the event has been called off, and your registration is cancelled."
                .into(),
        ),
        RegistrationMove::Cancel => (
            "お申込みをキャンセルしました。".into(),
            "Your registration is cancelled.".into(),
        ),
        RegistrationMove::CheckIn => (
            "ご来場ありがとうございます。受付が完了しました。".into(),
            "Thank you for coming: you are checked in.".into(),
        ),
        RegistrationMove::NoShow => (
            "当日のご来場が確認できなかったため、欠席として記録しました。".into(),
            "We could not see you at the event; you are recorded as absent.".into(),
        ),
    }
}

/// The message telling a registrant what became of their registration.
pub fn event_registration(
    e: &EventRecord,
    r: &EventRegistrationRecord,
    m: &RegistrationMove,
    link: &str,
) -> OutgoingMail {
    let (ja, en) = event_move_words(e, r, m);
    OutgoingMail {
        kind: "event-registration",
        to: r.email.clone(),
        subject: format!(
            "【Renkei】{}: {} / {}",
            r.state.name().ja,
            e.title,
            r.state.name().en
        ),
        body: format!(
            "{name} 様\n\n\
             「{title}」\n日時: {when}\n会場: {place}\n\n\
             {ja}\n\n\
             お申込みの確認・キャンセルはこちら:\n{link}\n\n\
             ----\n\
             {title}\nWhen: {when} (JST)\nWhere: {place}\n\n\
             {en}\n\n\
             See or cancel your registration: the link above.\n",
            name = r.name,
            title = e.title,
            when = event_when(e),
            place = event_place(e),
        ),
    }
}

/// The message asking a member of the public to confirm their address (which places them).
pub fn event_verify(e: &EventRecord, r: &EventRegistrationRecord, link: &str) -> OutgoingMail {
    OutgoingMail {
        kind: "event-verify",
        to: r.email.clone(),
        subject: format!(
            "【Renkei】メールアドレスの確認: {} / Confirm your address",
            e.title
        ),
        body: format!(
            "{name} 様\n\n\
             「{title}」（{when}）へのお申込みを受け付けました。\n\
             次のリンクを開いてメールアドレスを確認すると、お申込みが有効になります。\n\n\
             {link}\n\n\
             お心当たりのない場合は、このメールを破棄してください。\n\n\
             ----\n\
             We received your registration for \"{title}\" ({when} JST). Open the link above to\n\
             confirm your address and complete the registration. If this was not you, ignore\n\
             this message.\n",
            name = r.name,
            title = e.title,
            when = event_when(e),
        ),
    }
}

/// The reminder before an event.
pub fn event_reminder(e: &EventRecord, r: &EventRegistrationRecord, link: &str) -> OutgoingMail {
    OutgoingMail {
        kind: "event-reminder",
        to: r.email.clone(),
        subject: format!("【Renkei】開催のご案内: {} / Reminder", e.title),
        body: format!(
            "{name} 様\n\n\
             お申込みの「{title}」が近づいてまいりました。\n日時: {when}\n会場: {place}\n\n\
             受付では、次のページのQRコードをご提示ください。ご都合が悪くなった場合はキャンセルをお願いします。\n\
             {link}\n\n\
             ----\n\
             A reminder of \"{title}\": {when} (JST), {place}. Show the QR code on the page of\n\
             the link above at the reception, or cancel there if you cannot come.\n",
            name = r.name,
            title = e.title,
            when = event_when(e),
            place = event_place(e),
        ),
    }
}

/// The survey after the event, to an attendee: the link to their registration's page,
/// where the survey is.
pub fn event_survey(e: &EventRecord, r: &EventRegistrationRecord, link: &str) -> OutgoingMail {
    OutgoingMail {
        kind: "event-survey",
        to: r.email.clone(),
        subject: format!("【Renkei】アンケートのお願い: {} / Survey", e.title),
        body: format!(
            "{name} 様\n\n\
             「{title}」（{when}）にご参加いただき、ありがとうございました。\n\
             今後の支援の改善のため、次のページのアンケート（1分ほど）にご協力ください。\n\
             {link}\n\n\
             ----\n\
             Thank you for attending \"{title}\". Please answer the one-minute survey on the\n\
             page of the link above: it helps the city improve its support.\n",
            name = r.name,
            title = e.title,
            when = event_when(e),
        ),
    }
}

/// A notice about a request for help across cities (相互支援の依頼): its number, its field and
/// what happened — never the company, which the helper reads only once it consented.
pub fn help_notice(id: i64, field: renkei_domain::Text, what: (&str, &str)) -> Notice {
    Notice {
        ja: format!("相互支援の依頼#{id}（{}）: {}", field.ja, what.0),
        en: format!("Request for help #{id} ({}): {}", field.en, what.1),
        link: format!("/help-requests/{id}"),
    }
}

/// A notice to a person a post mentions: who wrote, in which thread.
pub fn thread_mention(author: &str, title: &str, thread: i64, post: i64) -> Notice {
    Notice {
        ja: format!("{author}さんがスレッド「{title}」であなたに呼びかけました"),
        en: format!("{author} mentioned you in the thread \"{title}\""),
        link: format!("/threads/{thread}#post-{post}"),
    }
}

/// One thread of a weekly digest: its title, its path, and its new posts (who wrote, the
/// first words).
pub struct DigestThread {
    pub title: String,
    pub path: String,
    pub posts: Vec<(String, String)>,
}

/// The weekly digest of the threads a person reads: the new posts since their last digest.
pub fn thread_digest(
    user: &UserRecord,
    threads: &[DigestThread],
    public_url: &str,
) -> OutgoingMail {
    let count: usize = threads.iter().map(|t| t.posts.len()).sum();
    let mut list = String::new();
    for t in threads {
        list.push_str(&format!("■ {}\n{public_url}{}\n", t.title, t.path));
        for (author, words) in &t.posts {
            let words: String = words
                .chars()
                .take(80)
                .collect::<String>()
                .replace('\n', " ");
            list.push_str(&format!("  ・{author}: {words}\n"));
        }
        list.push('\n');
    }
    OutgoingMail {
        kind: "thread-digest",
        to: user.email.to_string(),
        subject: format!(
            "【Renkei】情報交換の週間まとめ（新しい投稿{count}件）/ Weekly digest of threads"
        ),
        body: format!(
            "{name} 様\n\n\
             先週からの、あなたが読めるスレッドへの新しい投稿は{count}件です。\n\n\
             {list}\
             スレッドの一覧: {public_url}/threads\n\n\
             ----\n\
             {count} new posts in the threads you read since your last digest (listed above).\n\
             All threads: {public_url}/threads\n",
            name = user.display_name,
        ),
    }
}
