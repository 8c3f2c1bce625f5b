//! What every e-mail says, Japanese first with English below, so every person can read it:
//! invitations, password resets, notifications of a workflow's steps, and a sales-channel
//! target's introduction. Sending is the web crate's mailer; queuing happens in the
//! transaction of what the mail tells of.

use renkei_store::{Notice, OutgoingMail, UserRecord};

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
