#include "ui/i18n.h"

#include <algorithm>
#include <cstring>
#include <vector>
#include <unordered_map>

#include "core/shop/shop_words.h"

namespace ui {

namespace {
std::vector<const WordTable& (*)()>& more_words() {
    static std::vector<const WordTable& (*)()> tables;
    return tables;
}

const std::unordered_map<std::string, const char*>& zh() {
    static const std::unordered_map<std::string, const char*> t = {
        {"Thank you, your order is placed", "谢谢，订单已提交"},
        {"Order number {}", "订单号 {}"},
        {"Keep this number: with it and your phone number you can look the order up again.", "请保存订单号：凭订单号和手机号可以随时查询订单。"},
        {"Status: {}", "状态：{}"},
        {"Placed", "已下单"},
        {"Paid", "已付款"},
        {"Delivered", "已收货"},
        {"Refunded", "已退款"},
        {"Cancelled", "已取消"},
        {"Total", "合计"},
        {"Copy order number", "复制订单号"},
        {"Find your order", "查询订单"},
        {"Enter the order number from your receipt and the phone number you ordered with.", "请输入订单号和下单时填写的手机号。"},
        {"Order number", "订单号"},
        {"Find my order", "查询"},
        {"Orders from this device", "本机下过的订单"},
        {"Loading your order…", "正在加载订单…"},
        {"Placing your order…", "正在提交订单…"},
        {"Send my order now", "立即发送订单"},
        {"You are offline. Your order is saved on this phone and will be sent when you are back online.", "网络已断开。订单已保存在手机上，联网后会自动提交。"},
        {"The shop's server is busy. Your order is saved and will be sent again shortly.", "服务器繁忙，订单已保存，稍后会自动重新提交。"},
        {"Brand", "品牌"},
        {"active", "有效"},
        {"inactive", "已停用"},
        {"Loading…", "加载中…"},
        {"About this product", "商品介绍"},
        {"Add to cart", "加入购物车"},
        {"Added to cart", "已加入购物车"},
        {"Address", "收货地址"},
        {"All products", "全部商品"},
        {"All", "全部"},
        {"Back to the shop", "返回店铺"},
        {"Buy now", "立即购买"},
        {"Checkout", "去结算"},
        {"Contact copied", "联系方式已复制"},
        {"Continue shopping", "继续逛逛"},
        {"Copied", "已复制"},
        {"Delivery details", "收货信息"},
        {"Details", "商品参数"},
        {"Each brand ships and bills its own order.", "不同品牌的商品将分别下单、分别发货。"},
        {"Go to the shops", "去逛逛店铺"},
        {"It may have been removed by the brand or by {}.", "它可能已被品牌或 {} 下架。"},
        {"Its brand's catalog did not pass the signature check, so it is not shown to protect you.",
         "该品牌的商品目录未通过签名校验，为保护您的权益，不予展示。"},
        {"Link copied: paste it in a chat to share", "链接已复制，粘贴到聊天中即可分享"},
        {"Loading shops…", "正在加载店铺…"},
        {"Name", "收货人"},
        {"No account needed. We only ask for what the courier needs.", "无需注册，只填写快递需要的信息。"},
        {"No products here yet.", "这里还没有商品。"},
        {"Note", "推荐"},
        {"Stories", "品牌文章"},
        {"Article: {}", "文章：{}"},
        {"{} is not sold in this shop.", "本店暂不销售 {}。"},
        {"This product is no longer sold.", "该商品已下架。"},
        {"Written and signed by {}.", "本文由 {} 撰写并签名。"},
        {"{} shares it in this shop; products you buy here are sold by this shop.", "{} 在本店分享此文；在这里购买的商品由本店销售。"},
        {"This article is not available", "这篇文章暂时无法查看"},
        {"The brand may have withdrawn it. {} has more to see.", "品牌可能已撤下这篇文章。去 {} 看看其他内容吧。"},
        {"See the shop", "去店铺看看"},
        {"Could not load the article", "文章加载失败"},
        {"Nothing matches. Try fewer or other words.", "没有找到相关商品，换个词试试。"},
        {"Nothing to check out", "没有可结算的商品"},
        {"Order summary", "订单摘要"},
        {"Phone", "手机号"},
        {"Picked for you", "店主推荐"},
        {"Place order", "提交订单"},
        {"Product content is published and signed by each brand. {} chooses the products and writes the notes.",
         "商品内容由各品牌发布并签名，{} 负责选品和撰写推荐语。"},
        {"Products from {} are hidden:", "{} 的商品已隐藏："},
        {"Results for \"{}\"", "“{}”的搜索结果"},
        {"Search {}", "搜索 {}"},
        {"See everything in the shop", "查看店铺全部商品"},
        {"See other shops", "看看其他店铺"},
        {"Street, building, city", "省市区、街道、门牌号"},
        {"Subtotal", "小计"},
        {"The shop did not load", "店铺加载失败"},
        {"This product could not be verified", "该商品无法通过验证"},
        {"This product is not in this shop", "本店没有这件商品"},
        {"This shop could not be verified", "该店铺无法通过验证"},
        {"Title, images, description, details and price are published by {} and checked against its signature.",
         "标题、图片、介绍、参数和价格均由 {} 发布，并已通过其签名校验。"},
        {"To protect you, nothing from it is shown.", "为保护您的权益，其内容不予展示。"},
        {"Try again", "重试"},
        {"Verified by {}", "{} 官方认证"},
        {"View cart", "查看购物车"},
        {"Who receives the parcel", "收件人姓名"},
        {"e.g. 138 0013 8000", "例如 138 0013 8000"},
        {"Written by the shop owner, not by the brand", "店主个人分享，非品牌官方内容"},
        {"You are offline", "网络已断开"},
        {"You are shopping with the distributor who first introduced you to {}.", "您正在最初为您介绍{}的店主的店铺购物。"},
        {"Your cart is empty", "购物车是空的"},
        {"Your cart", "购物车"},
        {"Your details are complete.", "信息已填写完整。"},
        // What the checkout's fields say is wrong (core::validate_contact)
        {"Enter the name the parcel should be addressed to.", "请填写收件人姓名。"},
        {"That name is too long (80 bytes at most).", "姓名太长了（最多 80 字节）。"},
        {"Enter a phone number so the courier can reach you.", "请填写手机号，方便快递员联系你。"},
        {"That does not look like a phone number: use 6 to 15 digits.", "这看起来不像电话号码：请填写 6 到 15 位数字。"},
        {"Enter the delivery address.", "请填写收货地址。"},
        {"Add more detail to the address (street, building, city).", "请把地址写详细一些（街道、楼栋、城市）。"},
        {"That address is too long (400 bytes at most).", "地址太长了（最多 400 字节）。"},
        {"Browse {} and add something you like.", "去 {} 逛逛，挑选喜欢的商品吧。"},
        {"{} each", "单价 {}"},
        {"Your cart is empty.", "购物车是空的。"},
        {"{} item(s) are no longer sold by their brand and will not be ordered.", "{} 件商品已被品牌下架，不会下单。"},
        {"catalog version {}", "目录版本 {}"},
        {"All of {}", "{} 全部商品"},
        // The distributor's editor: its words also drawn elsewhere (its own, in i18n_editor.cpp, come
        // with the editor: a consumer's download does not carry them)
        {"A campaign name goes into the link: use letters, digits, '-' or '_' (up to 64), e.g. spring-tea.", "活动名称会放进链接里：请使用字母、数字、“-”或“_”（最多 64 个），例如 spring-tea。"},
        {"Campaign", "活动"},
        {"Orders", "订单"},
        {"Channel", "渠道"},
        {"QR code", "二维码"},
        {"Direct", "直接访问"},
        {"Commission", "佣金"},
        {"Pending", "待结算"},
        {"Orders not delivered yet, or still inside the brand's refund window.", "订单尚未送达，或仍在品牌的退款期内。"},
        {"The refund window has closed: in the brand's next payout.", "退款期已过：将在品牌下次结算时支付。"},
        {"Paid out to you.", "已支付给你。"},
        {"Team sales", "团队销售"},
        {"Run one of these shops?", "你是店主？"},
        {"Sign in to edit yours", "登录管理你的小店"},
        {"You", "我"},
        {"Customer", "顾客"},
        {"Refresh", "刷新"},
        {"Banner", "横幅"},
        {"Brands", "品牌"},
        {"Cancel", "取消"},
        {"Colours", "配色"},
        {"Contact", "联系方式"},
        {"Dashboard", "数据"},
        {"Edit", "编辑"},
        {"Featured products", "推荐商品"},
        {"Greeting", "欢迎语"},
        {"Grid", "网格"},
        {"Link copied", "链接已复制"},
        {"List", "列表"},
        {"Look", "外观"},
        {"e.g. spring-tea", "例如 spring-tea"},
        {"You seem to be offline. Nothing was lost: try again when you are back online.", "网络似乎已断开。什么都没有丢失，联网后再试一次。"},
        {"There is no shop at this address yet.", "这个地址还没有店铺。"},
        {"Passphrase", "口令"},
        {"Publish", "发布"},
        {"QR poster", "二维码海报"},
        {"Remove from featured", "取消推荐"},
        {"Share", "分享"},
        {"Back", "返回"},
        {"Cart", "购物车"},
        {"One fewer", "减少一件"},
        {"One more", "增加一件"},
        {"Sign in", "登录"},
        {"Team", "团队"},
        {"This link is too long for a QR code.", "这个链接太长，无法生成二维码。"},
        {"Undo", "撤销"},
        {"Continue", "继续"},
        {"Persimmon", "柿橙"},
        {"Tea garden", "茶园绿"},
        {"Ink", "墨色"},
        {"Rose", "玫瑰"},
        {"Ocean", "海蓝"},
        {"Plum", "紫梅"},
        {"Use a passphrase of at least 8 characters.", "请使用至少 8 个字符的口令。"},
        {"of {}", "（共 {} 级）"},
        {"A shop address needs at least 3 characters.", "店铺地址至少需要 3 个字符。"},
        {"A shop address can have at most 32 characters.", "店铺地址最多 32 个字符。"},
        {"Use only lowercase letters a-z, digits and dashes: the address goes into links.", "只能使用小写字母 a-z、数字和短横线：地址会出现在链接里。"},
        {"A shop address cannot start or end with a dash.", "店铺地址不能以短横线开头或结尾。"},
        {"This address is reserved for the platform; pick another.", "这个地址是平台保留的，请换一个。"},
        {"Another shop already uses this address.", "这个地址已被其他店铺使用。"},
        {"A shop name can have at most 120 characters.", "店铺名称最多 120 个字符。"},
        {"The greeting is too long: keep it to a few sentences (400 bytes, about 130 Chinese characters).", "欢迎语太长了：请控制在几句话以内（400 字节，约 130 个汉字）。"},
        {"The contact can have at most 200 characters.", "联系方式最多 200 个字符。"},
        {"A note can hold at most 600 bytes (about 200 Chinese characters).", "推荐语最多 600 字节（约 200 个汉字）。"},
        {"A shop can feature up to 12 products; remove one first.", "最多推荐 12 件商品，请先取消一件。"},
        {"Give the shop a name before publishing it.", "发布前请给店铺起个名字。"},
        {"Link to a product", "链接到商品"},
        {"member", "位成员"},
        // Payment at checkout and on the receipt
        {"How to pay", "付款方式"},
        {"Pay on delivery", "货到付款"},
        {"Bank transfer", "银行转账"},
        {"Pay on the brand's own page", "在品牌自己的页面付款"},
        {"Pay by bank transfer", "银行转账付款"},
        {"Pay the courier when your parcel arrives.", "包裹送到时付款给快递员。"},
        {"After placing the order, transfer the amount to the brand's account:", "提交订单后，请把货款转到品牌的账户："},
        {"After placing the order, you pay on the brand's own page:", "提交订单后，在品牌自己的付款页面付款："},
        {"Account holder", "收款人"},
        {"Bank", "开户行"},
        {"Account", "账号"},
        {"Amount", "金额"},
        {"Reference", "转账附言"},
        {"Your order number (you get it after placing the order)", "你的订单号（提交订单后可见）"},
        {"Each brand ships and bills its own order: choose how to pay each one.", "每个品牌单独发货、单独收款：请分别选择付款方式。"},
        {"No card details are asked for here. Choose how you will pay the brand:", "这里不需要填写银行卡信息。请选择向品牌付款的方式："},
        {"Copy", "复制"},
        {"{} copied", "{}已复制"},
        {"The brand has marked this order paid. There is nothing more to pay.", "品牌已确认收到货款，无需再付款。"},
        {"Nothing to pay now. The brand marks the order paid once the courier has your payment.", "现在无需付款。快递员收款后，品牌会把订单标记为已付款。"},
        {"Transfer {} to this account:", "请向以下账户转账 {}："},
        {"Use {} as the reference; the brand marks the order paid when the transfer arrives.", "转账时请在附言中填写 {}；品牌收到转账后会把订单标记为已付款。"},
        {"Pay {} on the brand's own payment page:", "请在品牌自己的付款页面支付 {}："},
        {"Open the payment page", "打开付款页面"},
        {"Come back here to see it marked paid.", "付款后回到这里，即可看到订单已标记为已付款。"},
        {"The brand no longer accepts the way to pay you chose. Reload the page to see how it accepts payment now.", "品牌已不再接受你选择的付款方式。请刷新页面，查看现在可用的付款方式。"},
        // The host's store is another platform's (screen_trust.cpp).
        {"This site's store answers with another platform's documents", "本站的商店返回的是另一个平台的文件"},
        {"This app trusts only the platform it was built for. The store behind this address says its shops, products and prices are signed by another platform's root key, so none of it is shown here.",
         "此应用只信任构建时内置的平台。本站商店声称其店铺、商品和价格由另一个平台的根密钥签名，因此这里不显示其中任何内容。"},
        {"If a link brought you here, the shop it names is not on this platform. If you run this site, serve the app built for this store, or seed the store with this platform's documents.",
         "如果你是通过链接来到这里的，链接中的店铺不在本平台上。如果你是本站的管理者，请部署与这个商店对应的应用，或用本平台的文件初始化商店。"},
        {"This app's platform key: {}", "本应用的平台密钥：{}"},
        {"The key this store names: {}", "本站商店所用的密钥：{}"},
        // Order notices in the editor and the console (app/order_notices.h).
        {"Tell me about new orders", "新订单提醒"},
        // The team's QR scans and how far the distributor's links travelled (screen_editor_team.cpp, screen_editor_dash.cpp).
        {"all time", "全部时间"},
        // Also seen by consumers (order status, the loading line), so not only in the console's table.
        {"Settled", "已结算"},
        {"Loading the shop…", "正在加载店铺…"},

    };
    return t;
}
// What a refusal with one of these codes says in Chinese, whatever the English words (the core's
// sentences name details a translation table cannot list).
const std::unordered_map<std::string, const char*>& zh_by_code() {
    static const std::unordered_map<std::string, const char*> words = {
        {"unverified_release", "这份商品目录无法验证为品牌发布的版本。"},
        {"bad_content_hash", "有商品的内容与品牌签名时不一致。"},
        {"missing_release", "品牌还没有发布商品目录。"},
        {"forged_manifest", "这家店的页面不是由店主本人签名的。"},
        {"manifest_has_content", "这家店铺的清单里带有商品内容。店铺只能列出商品编号；标题、图片、描述、规格和价格都由品牌提供。"},
        {"forged_enrollment", "这家店的分销登记签名无效。"},
        {"broken_chain", "这家店的推荐链不完整或不正确。"},
        {"inactive_distributor", "这家店的店主已不再是该品牌的分销商。"},
        {"wrong_shop", "服务器为这个地址返回了另一家店的内容。"},
        {"forged_brand", "品牌证书与品牌不符。"},
        {"unverified_brand", "品牌证书无法验证。"},
    };
    return words;
}

}  // namespace

std::string all_translations() {
    // tr_count's measure words, then the tables.
    std::string all = "件商品家店铺位成员笔订单有修改处访客主转账天需要层篇文章段条素材个问题次访问浏览";
    for (const auto& [en, zh_text] : zh()) all += zh_text;
    for (auto table : more_words())
        for (const auto& [en, zh_text] : table()) all += zh_text;
    for (const auto& [code, zh_text] : zh_by_code()) all += zh_text;
    for (const core::ShopWord& w : core::shop_words()) all += w.zh;  // the words the first paint shares
    return all;
}

Lang lang_for_locale(const std::string& locale) { return locale.rfind("zh", 0) == 0 ? Lang::Zh : Lang::En; }

// Set once any Chinese word is drawn: only then does the font atlas need the Chinese table (and the
// CJK font, which an English shop never loads).
bool g_chinese_used = false;
bool chinese_used() { return g_chinese_used; }

const char* tr(Lang lang, const char* english) {
    if (lang == Lang::En) return english;
    g_chinese_used = true;
    const auto& t = zh();
    auto it = t.find(english);
    if (it != t.end()) return it->second;
    for (auto table : more_words()) {
        const auto& c = table();
        if (auto ic = c.find(english); ic != c.end()) return ic->second;
    }
    return english;
}

void add_words(const WordTable& (*table)()) {
    auto& tables = more_words();
    if (std::find(tables.begin(), tables.end(), table) == tables.end()) tables.push_back(table);
}

std::string tr_fmt(Lang lang, const char* pattern, const std::string& value) {
    std::string p = tr(lang, pattern);
    if (auto pos = p.find("{}"); pos != std::string::npos) p.replace(pos, 2, value);
    return p;
}

std::string grouped(long n) {
    std::string digits = std::to_string(n < 0 ? -n : n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return (n < 0 ? "-" : "") + out;
}

std::string tr_count(Lang lang, long n, const char* one, const char* many) {
    if (lang == Lang::Zh) {
        g_chinese_used = true;
        // Chinese counts with a measure word and no plural.
        const char* word = std::strcmp(many, "items") == 0 ? " 件" : std::strcmp(many, "products") == 0 ? " 件商品"
                           : std::strcmp(many, "shops") == 0 ? " 家店铺" : std::strcmp(many, "members") == 0 ? " 位成员"
                           : std::strcmp(many, "orders") == 0 ? " 笔订单"
                           : std::strcmp(many, "products changed") == 0 ? " 件商品有修改" : std::strcmp(many, "changes") == 0 ? " 处修改"
                           : std::strcmp(many, "visitors") == 0 ? " 位访客" : std::strcmp(many, "distributors") == 0 ? " 位店主"
                           : std::strcmp(many, "transfers") == 0 ? " 笔转账" : std::strcmp(many, "days") == 0 ? " 天"
                           : std::strcmp(many, "fields to fix") == 0 ? " 处需要修改" : std::strcmp(many, "hops") == 0 ? " 层"
                           : std::strcmp(many, "articles") == 0 ? " 篇文章" : std::strcmp(many, "parts") == 0 ? " 段"
                           : std::strcmp(many, "materials") == 0 ? " 条素材" : std::strcmp(many, "problems") == 0 ? " 个问题"
                           : std::strcmp(many, "visits") == 0 ? " 次访问" : std::strcmp(many, "product views") == 0 ? " 次商品浏览" : "";
        return grouped(n) + word;
    }
    return grouped(n) + " " + (n == 1 ? one : many);
}

std::string error_text(Lang lang, const core::Error& error) {
    if (lang == Lang::En) return error.message;
    g_chinese_used = true;
    auto it = zh_by_code().find(error.code);
    return it != zh_by_code().end() ? std::string(it->second) : std::string(tr(lang, error.message.c_str()));
}

}  // namespace ui
