#include "ui/i18n.h"

#include <cstring>
#include <unordered_map>

namespace ui {

namespace {
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
        {"Who earns from this order", "这笔订单的佣金归属"},
        {"Who earns from order {}", "订单 {} 的佣金归属"},
        {"Why this distributor", "为什么归属这位店主"},
        {"Binding policy", "绑定规则"},
        {"Rule applied", "适用规则"},
        {"Recruiting chain", "推荐链"},
        {"Touches", "访问来源"},
        {"First touch", "首次访问"},
        {"Last touch", "最近访问"},
        {"Commission split", "佣金分配"},
        {"Brand", "品牌"},
        {"active", "有效"},
        {"inactive", "已停用"},
        {"Loading…", "加载中…"},
        {"A note from {}", "{} 的推荐语"},
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
        {"Written by the shop owner, not by the brand", "店主个人分享，非品牌官方内容"},
        {"You are offline", "网络已断开"},
        {"You are shopping with the distributor who first introduced you to {}.", "您正在最初为您介绍{}的店主的店铺购物。"},
        {"Your cart is empty", "购物车是空的"},
        {"Your cart", "购物车"},
        {"Your details are complete.", "信息已填写完整。"},
        {"Browse {} and add something you like.", "去 {} 逛逛，挑选喜欢的商品吧。"},
        {"{} each", "单价 {}"},
        {"Your cart is empty.", "购物车是空的。"},
        {"{} item(s) are no longer sold by their brand and will not be ordered.", "{} 件商品已被品牌下架，不会下单。"},
        {"catalog version {}", "目录版本 {}"},
    };
    return t;
}
}  // namespace

std::string all_translations() {
    std::string all = "件商品家店铺";
    for (const auto& [en, zh_text] : zh()) all += zh_text;
    return all;
}

Lang lang_for_locale(const std::string& locale) { return locale.rfind("zh", 0) == 0 ? Lang::Zh : Lang::En; }

const char* tr(Lang lang, const char* english) {
    if (lang == Lang::En) return english;
    const auto& t = zh();
    auto it = t.find(english);
    return it == t.end() ? english : it->second;
}

std::string tr_fmt(Lang lang, const char* pattern, const std::string& value) {
    std::string p = tr(lang, pattern);
    if (auto pos = p.find("{}"); pos != std::string::npos) p.replace(pos, 2, value);
    return p;
}

std::string tr_count(Lang lang, long n, const char* one, const char* many) {
    if (lang == Lang::Zh) {
        // Chinese counts with a measure word and no plural.
        const char* word = std::strcmp(many, "items") == 0 ? " 件" : std::strcmp(many, "products") == 0 ? " 件商品"
                           : std::strcmp(many, "shops") == 0 ? " 家店铺" : "";
        return std::to_string(n) + word;
    }
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace ui
