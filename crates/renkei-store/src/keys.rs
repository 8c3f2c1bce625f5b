//! Keys the server signs with, shared by every node through the database (table
//! `server_keys`), and what is signed with them: the form tokens of the forms filled in before
//! signing in (sign-in, password reset, company registration). A form token is a random
//! value and the key's HMAC-SHA-256 of it, so a value the server did not issue — one a
//! sibling site set as a cookie, say — is refused however it is submitted.

use chrono::Utc;
use hmac::{Hmac, Mac};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, EntityTrait};
use sha2::Sha256;

use crate::Store;
use crate::entity::server_key;
use crate::kernel::{Result, StoreError};
use crate::sessions::random_token;

/// The name of the key form tokens are signed with.
const FORM_TOKENS: &str = "form-tokens";
/// The name of the key a record's links are signed with.
const RECORD_LINKS: &str = "record-links";

/// Issues and checks form tokens under the server's key.
#[derive(Clone)]
pub struct FormTokens {
    key: [u8; 32],
}

impl std::fmt::Debug for FormTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FormTokens(..)")
    }
}

impl FormTokens {
    fn mac(&self) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key).expect("HMAC takes any key");
        mac.update(b"renkei form token:");
        mac
    }

    /// A fresh token: 256 random bits and the key's signature of them, in hex.
    pub fn issue(&self) -> String {
        let nonce = random_token();
        let mut mac = self.mac();
        mac.update(nonce.as_bytes());
        format!("{nonce}.{}", hex::encode(mac.finalize().into_bytes()))
    }

    /// Whether the key signed `token` (compared in constant time).
    pub fn verify(&self, token: &str) -> bool {
        let Some((nonce, signature)) = token.split_once('.') else {
            return false;
        };
        let Ok(signature) = hex::decode(signature) else {
            return false;
        };
        let mut mac = self.mac();
        mac.update(nonce.as_bytes());
        mac.verify_slice(&signature).is_ok()
    }
}

impl Store {
    /// The form tokens' key, made by the first node that asks for it.
    pub async fn form_tokens(&self) -> Result<FormTokens> {
        Ok(FormTokens {
            key: self.server_key(FORM_TOKENS).await?,
        })
    }

    /// The token of a record's link for one purpose (an event registrant's link, its check-in
    /// code): its id and the key's HMAC-SHA-256 of the purpose and the id. It can be made
    /// again whenever a mail or a page needs it, so nothing but its hash is kept.
    pub async fn record_token(&self, purpose: &str, id: i64) -> Result<String> {
        let key = match self.record_key.get() {
            Some(k) => *k,
            None => {
                let k = self.server_key(RECORD_LINKS).await?;
                *self.record_key.get_or_init(|| k)
            }
        };
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key).expect("HMAC takes any key");
        mac.update(format!("renkei record link:{purpose}:{id}").as_bytes());
        Ok(format!("{id}.{}", hex::encode(mac.finalize().into_bytes())))
    }

    /// Makes and reads the keys a transaction may need, at migrate time before any: on
    /// SQLite a key made inside a writing transaction would wait for that transaction, and
    /// reading one there would take a second connection of the pool.
    pub(crate) async fn make_keys(&self) -> Result<()> {
        let k = self.server_key(RECORD_LINKS).await?;
        self.record_key.get_or_init(|| k);
        Ok(())
    }

    async fn server_key(&self, name: &str) -> Result<[u8; 32]> {
        if let Some(key) = server_key::Entity::find_by_id(name).one(&self.db).await? {
            return decode(&key);
        }
        // Two nodes may make it at once: whichever row is written first is the key.
        let made = server_key::ActiveModel {
            name: Set(name.to_owned()),
            secret: Set(random_token()),
            created_at: Set(Utc::now()),
        };
        server_key::Entity::insert(made)
            .on_conflict(
                OnConflict::column(server_key::Column::Name)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&self.db)
            .await?;
        let key = server_key::Entity::find_by_id(name)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        decode(&key)
    }
}

fn decode(key: &server_key::Model) -> Result<[u8; 32]> {
    hex::decode(&key.secret)
        .ok()
        .and_then(|k| <[u8; 32]>::try_from(k).ok())
        .ok_or_else(|| StoreError::Setup(format!("server key {} is not 64 hex digits", key.name)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::test_databases;

    #[tokio::test]
    async fn a_token_is_good_only_as_the_key_signed_it_and_every_node_has_the_same_key() {
        for db in test_databases().await {
            let store = Store::connect(&db.url, 4).await.expect("connect");
            store.migrate().await.expect("migrate");
            let node = Store::connect(&db.url, 4).await.expect("connect");
            let tokens = store.form_tokens().await.unwrap();
            let again = node.form_tokens().await.unwrap();
            assert_eq!(tokens.key, again.key, "{}: one key", db.backend);
            let token = tokens.issue();
            assert!(again.verify(&token));
            let (nonce, _) = token.split_once('.').unwrap();
            let chosen = random_token();
            for forged in [
                chosen.clone(),
                format!("{chosen}.{}", "0".repeat(64)),
                format!("{nonce}.{}", "0".repeat(64)),
                format!("{nonce}."),
                String::new(),
            ] {
                assert!(!tokens.verify(&forged), "{forged}");
            }
            let other = FormTokens { key: [7; 32] };
            assert!(!other.verify(&token), "another key's token");
        }
    }
}
